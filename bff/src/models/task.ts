import { Schema, type Connection, type Model } from 'mongoose';
import {
  ACTIONS,
  DECLINE_REASONS,
  REVIEW_REASONS,
  type Action,
  type DeclineReason,
  type ReviewReason,
  type SignState,
  type TaskStatus,
  type VerifyState,
} from '@regverify/shared';
import { SealedPersonSchema, type SealedPerson } from './sealedPerson';

/**
 * A task (待办事项): one person × one matter, the unit of 一人一事一认证. Name and number are
 * stored encrypted, with masked copies for display and a keyed hash to find a person's tasks.
 * Like the matter, it changes only through the matter ledger; `seq` is the last event applied.
 */
export interface TaskDoc {
  _id: string;
  matterId: string;
  tenant: string;
  position: number;
  /**
   * The person who verifies and confirms: the participant themself, or for an organization its
   * representative (法定代表人 or 经办人), whose lookup hash finds the task as for anyone else.
   */
  person: SealedPerson;
  /** 企业股东 and other organizations: the participant is this organization (not personal data). */
  organization?: { name: string; uscc: string } | null;
  roles: string[];
  actions: Action[];
  verify: VerifyState;
  sign: SignState;
  status: TaskStatus;
  review: 'pending' | 'approved' | 'refused' | null;
  /** Why it waits for manual review (null: the document type, as before this field). */
  reviewReason?: ReviewReason | null;
  /** 已拒绝: the person declined the filing, and why (the note is kept apart, sealed: `declines`). */
  decision?: 'declined' | null;
  declineReason?: DeclineReason | null;
  verifiedBy: string | null;
  verifiedAt: Date | null;
  confirmedAt: Date | null;
  confirmation: {
    verificationId: string | null;
    documentsDigest: string;
    generation: number;
    signed: boolean;
    /** SHA-256 of the signature PNG confirmed with (its stored copy is found by it). */
    signatureSha256?: string | null;
    /** The version of 《个人信息处理规则》 the person had agreed to, and their consent record (`consents`). */
    consentVersion?: string | null;
    consentId?: string | null;
  } | null;
  seq: number;
  createdAt: Date;
  expiresAt: Date;
}

export const TaskSchema = new Schema<TaskDoc>(
  {
    _id: { type: String, required: true },
    matterId: { type: String, required: true },
    tenant: { type: String, required: true },
    position: { type: Number, required: true },
    person: { type: SealedPersonSchema, required: true },
    organization: { type: new Schema({ name: String, uscc: String }, { _id: false }), default: null },
    roles: { type: [String], required: true },
    actions: { type: [String], enum: ACTIONS, required: true },
    verify: { type: String, enum: ['pending', 'done', 'manual_review', 'n/a'], required: true },
    sign: { type: String, enum: ['pending', 'done', 'n/a'], required: true },
    status: { type: String, enum: ['pending', 'confirmed', 'expired', 'cancelled'], required: true },
    /** Outcome of a manual review at a service window, for types the provider cannot check. */
    review: { type: String, enum: ['pending', 'approved', 'refused', null], default: null },
    reviewReason: { type: String, enum: [...REVIEW_REASONS, null], default: null },
    decision: { type: String, enum: ['declined', null], default: null },
    declineReason: { type: String, enum: [...DECLINE_REASONS, null], default: null },
    /** The task verification that passed for this task (the second face check, bound to this matter). */
    verifiedBy: { type: String, default: null },
    verifiedAt: { type: Date, default: null },
    confirmedAt: { type: Date, default: null },
    /** The verification consumed by the confirmation and the documents it confirmed. */
    confirmation: {
      type: new Schema(
        {
          verificationId: String,
          documentsDigest: String,
          generation: Number,
          signed: Boolean,
          signatureSha256: { type: String, default: null },
          consentVersion: { type: String, default: null },
          consentId: { type: String, default: null },
        },
        { _id: false },
      ),
      default: null,
    },
    seq: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'tasks' },
);
TaskSchema.index({ matterId: 1, position: 1 });
TaskSchema.index({ 'person.lookup': 1, createdAt: -1 });

export type TaskModel = Model<TaskDoc>;

export const taskModel = (conn: Connection): TaskModel => (conn.models.Task as TaskModel) ?? conn.model('Task', TaskSchema);
