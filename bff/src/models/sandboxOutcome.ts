import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/** What the simulated face screen chose for a sandbox verification (the sandbox provider's "server"). */
export const SandboxOutcomeSchema = new Schema(
  {
    _id: { type: String, required: true },
    outcome: { type: String, enum: ['pass', 'fail'], required: true },
    reason: { type: String, default: null },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'sandbox_outcomes' },
);

export type SandboxOutcomeDoc = InferSchemaType<typeof SandboxOutcomeSchema>;
export type SandboxOutcomeModel = Model<SandboxOutcomeDoc>;

export const sandboxOutcomeModel = (conn: Connection): SandboxOutcomeModel =>
  (conn.models.SandboxOutcome as SandboxOutcomeModel) ?? conn.model('SandboxOutcome', SandboxOutcomeSchema);
