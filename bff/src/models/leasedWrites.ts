import type { UpdateQuery } from 'mongoose';
import { underLease } from '../db/documentLease';
import { guardedUpdate, type Expected } from '../db/guardedUpdate';
import type { Models, VerificationDoc } from './index';

/**
 * The writes of documents that the rekey also rewrites while the BFF serves, each under the
 * document's lease (`documentLease.ts`), so that neither loses the other's change on FerretDB.
 */

export const sessionLease = (id: string) => `sessions:${id}`;
export const tenantLease = (id: string) => `tenants:${id}`;
export const matterLease = (id: string) => `matters:${id}`;
export const verificationLease = (id: string) => `verifications:${id}`;

/** `$set` on a mini-program session. */
export async function updateSession(models: Models, id: string, set: Record<string, unknown>): Promise<void> {
  await underLease(models.Claim, sessionLease(id), () => models.Session.updateOne({ _id: id }, { $set: set }));
}

/** A guarded update of a face check (its status); also what makes `pending → passed` happen once on FerretDB. */
export function updateVerification(models: Models, id: string, expected: Expected, update: UpdateQuery<VerificationDoc>): Promise<boolean> {
  return underLease(models.Claim, verificationLease(id), () => guardedUpdate(models.Verification, id, expected, update));
}
