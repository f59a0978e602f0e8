import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { findByIdDirect, insertDirect } from '../db/direct';

/**
 * Single-use claims: inserting `{_id: key}` succeeds exactly once for a key, on MongoDB and on
 * FerretDB alike (where conditional updates are not atomic under concurrency; docs/database.md).
 * Used for "this verification has been used" and similar once-only facts.
 */
export const ClaimSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** Who claimed it: lets the same request retry without tripping over its own claim. */
    owner: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'claims' },
);

export type ClaimDoc = InferSchemaType<typeof ClaimSchema>;
export type ClaimModel = Model<ClaimDoc>;

export const claimModel = (conn: Connection): ClaimModel => (conn.models.Claim as ClaimModel) ?? conn.model('Claim', ClaimSchema);

/** True when `owner` holds the claim on `key` (newly or from an earlier attempt of its own). */
export async function claim(model: ClaimModel, key: string, owner: string): Promise<boolean> {
  try {
    await insertDirect(model, { _id: key, owner, at: new Date() });
    return true;
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    const existing = await findByIdDirect<ClaimDoc>(model, key);
    return existing?.owner === owner;
  }
}
