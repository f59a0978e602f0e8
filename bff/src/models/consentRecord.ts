import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * Proof of separate consent to processing sensitive personal information (PIPL art. 29): which
 * version of which notice the person agreed to, when, and from which platform account (a keyed
 * hash, not the account id). `rules` (《个人信息处理规则》): one per confirmation, named by the
 * task's confirmation by its random `_id` (nothing personal in the ledger, which is kept for good).
 * `face` and `bankcard`: one per notice version and task (a task face check) or session (the entry
 * face check, the bank-card check), recorded before the check starts. Removed with the task's
 * personal data when retention (or a redaction) comes; a session's with the session.
 */
export const ConsentRecordSchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: ['rules', 'face', 'bankcard'], default: 'rules' },
    taskId: { type: String, default: null },
    matterId: { type: String, default: null },
    /** For a consent given before the session proved who it is (entry face check, bank card). */
    sessionId: { type: String, default: null },
    version: { type: String, required: true },
    at: { type: Date, required: true },
    account: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'consents' },
);
ConsentRecordSchema.index({ taskId: 1 });

export type ConsentRecordDoc = InferSchemaType<typeof ConsentRecordSchema>;
export type ConsentRecordModel = Model<ConsentRecordDoc>;

export const consentRecordModel = (conn: Connection): ConsentRecordModel =>
  (conn.models.ConsentRecord as ConsentRecordModel) ?? conn.model('ConsentRecord', ConsentRecordSchema);
