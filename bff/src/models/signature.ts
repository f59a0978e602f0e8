import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/** Where a signature is stored: the task, the documents' generation and the PNG's own SHA-256. */
export const signatureId = (taskId: string, generation: number, sha256: string) => `${taskId}:${generation}:${sha256}`;

/**
 * A hand signature (PNG), encrypted at rest; `_id` = `signatureId(…)`: racing confirmations with
 * different signatures each keep their own, and the task's confirmation names the one it committed.
 */
export const SignatureSchema = new Schema(
  {
    _id: { type: String, required: true },
    taskId: { type: String, required: true },
    matterId: { type: String, required: true },
    pngEnc: { type: String, required: true },
    sha256: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'signatures' },
);
SignatureSchema.index({ taskId: 1 });

export type SignatureDoc = InferSchemaType<typeof SignatureSchema>;
export type SignatureModel = Model<SignatureDoc>;

export const signatureModel = (conn: Connection): SignatureModel =>
  (conn.models.Signature as SignatureModel) ?? conn.model('Signature', SignatureSchema);
