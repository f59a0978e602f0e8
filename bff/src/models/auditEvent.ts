import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * Security and accountability events outside any matter (each matter's own trail is its ledger):
 * a person's alarm (their vendor attempts across platform accounts crossed the day's threshold)
 * and an operator clearing it, bank-card checks the vendor refused (with the vendor's reason, which
 * the person never sees). No names or numbers: the person is their keyed
 * lookup hash. Removed with the retention sweep after RETENTION_DAYS.
 */
export const AuditEventSchema = new Schema(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    kind: {
      type: String,
      required: true,
      enum: ['person_alarm', 'person_limit_lifted', 'bank_card_refused'],
    },
    /** The person concerned (keyed lookup hash), if any. */
    subject: { type: String, default: null },
    /** Who acted: `operator:<name>`, `session` (a mini-program session), `system`. */
    actor: { type: String, required: true },
    data: { type: Schema.Types.Mixed, default: {} },
  },
  { versionKey: false, collection: 'audit_events' },
);
AuditEventSchema.index({ subject: 1, at: -1 });
AuditEventSchema.index({ at: 1 });

export type AuditEventDoc = InferSchemaType<typeof AuditEventSchema>;
export type AuditEventModel = Model<AuditEventDoc>;

export const auditEventModel = (conn: Connection): AuditEventModel =>
  (conn.models.AuditEvent as AuditEventModel) ?? conn.model('AuditEvent', AuditEventSchema);
