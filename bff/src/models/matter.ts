import { Schema, type Connection, type Model } from 'mongoose';
import { MATTER_STATUSES, type DocumentRef, type MatterStatus } from '@regverify/shared';

/**
 * A registration matter (业务) of one tenant. Its state changes only through the matter ledger
 * (`ledger/`): `version` is the sequence number of the last event applied, `lastHash` that
 * event's hash (the head of the audit chain).
 */
/** A document of the filing; `uploadedAt` once its bytes are in the `document_files` bucket (this generation). */
export type StoredDocument = DocumentRef & { uploadedAt?: Date | null };

export interface MatterDoc {
  _id: string;
  tenant: string;
  portalRef: string;
  contentHash: string;
  kind: string;
  entityName: string;
  documents: StoredDocument[];
  documentsDigest: string;
  generation: number;
  /** The matter's tasks in participant order (fixed at creation), so a load reads them by `_id`. */
  taskIds: string[];
  status: MatterStatus;
  version: number;
  lastHash: string;
  createdAt: Date;
  expiresAt: Date;
  submittedAt: Date | null;
  closedAt: Date | null;
  /** When its people's personal data was purged (retention or redaction); absent or null before. */
  purgedAt?: Date | null;
}

const DocumentRefSchema = new Schema(
  {
    name: { type: String, required: true },
    sha256: { type: String, required: true },
    /** Set when the portal uploads the bytes for people to read (`application/pdf`). */
    contentType: { type: String, default: undefined },
    /** When the bytes were uploaded (they are in the `document_files` bucket), for this generation. */
    uploadedAt: { type: Date, default: undefined },
  },
  { _id: false },
);

export const MatterSchema = new Schema<MatterDoc>(
  {
    _id: { type: String, required: true },
    tenant: { type: String, required: true },
    portalRef: { type: String, required: true },
    /** sha256 of the canonical create request, to tell an idempotent retry from a conflicting one. */
    contentHash: { type: String, required: true },
    kind: { type: String, required: true },
    entityName: { type: String, required: true },
    documents: { type: [DocumentRefSchema], required: true },
    documentsDigest: { type: String, required: true },
    /** Grows when the portal replaces the documents; confirmations name the generation they saw. */
    generation: { type: Number, required: true, default: 1 },
    taskIds: { type: [String], required: true },
    status: { type: String, enum: MATTER_STATUSES, required: true },
    version: { type: Number, required: true },
    lastHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    submittedAt: { type: Date, default: null },
    closedAt: { type: Date, default: null },
    /** Set by the `matter.redacted` event: names, numbers, signatures of its people are gone (docs/privacy.md). */
    purgedAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'matters' },
);
MatterSchema.index({ tenant: 1, portalRef: 1 }, { unique: true });
MatterSchema.index({ status: 1, expiresAt: 1 });
MatterSchema.index({ purgedAt: 1, closedAt: 1 });

export type MatterModel = Model<MatterDoc>;

export const matterModel = (conn: Connection): MatterModel => (conn.models.Matter as MatterModel) ?? conn.model('Matter', MatterSchema);
