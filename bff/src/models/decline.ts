import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { DECLINE_REASONS } from '@regverify/shared';

/**
 * A person's 拒绝 of a filing, beside the task's `decision` (which the ledger carries): the reason,
 * and the optional note sealed (the person's own words may name people), for the window console's
 * follow-up of 不是本人办理. One per task and generation of the documents
 * (`<taskId>:<generation>`); removed with the matter's personal data.
 */
export const DeclineSchema = new Schema(
  {
    _id: { type: String, required: true },
    taskId: { type: String, required: true },
    matterId: { type: String, required: true },
    tenant: { type: String, required: true },
    generation: { type: Number, required: true },
    reason: { type: String, enum: DECLINE_REASONS, required: true },
    noteEnc: { type: String, default: null },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'declines' },
);
DeclineSchema.index({ tenant: 1, at: -1 });

export type DeclineDoc = InferSchemaType<typeof DeclineSchema>;
export type DeclineModel = Model<DeclineDoc>;

export const declineId = (taskId: string, generation: number) => `${taskId}:${generation}`;

export const declineModel = (conn: Connection): DeclineModel =>
  (conn.models.Decline as DeclineModel) ?? conn.model('Decline', DeclineSchema);
