import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * Proof of separate consent to processing sensitive personal information (PIPL art. 29), one per
 * confirmation: which version of 《个人信息处理规则》 the person agreed to, when, and from which
 * platform account (a keyed hash, not the account id). The task's confirmation names it by its
 * random `_id` (nothing personal in the ledger, which is kept for good); removed with the task's
 * personal data when retention (or a redaction) comes.
 */
export const ConsentRecordSchema = new Schema(
  {
    _id: { type: String, required: true },
    taskId: { type: String, required: true },
    matterId: { type: String, required: true },
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
