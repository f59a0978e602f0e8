import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors';
import type { Model } from 'mongoose';
import { findByIdDirect, insertDirect } from './direct';
import { scansFilters } from './guardedUpdate';

/** A lease left by a process that died holding it is taken over after this long. */
export const LEASE_STALE_MS = 5_000;
/** The claims collection (`models/claim.ts`), as much of it as a lease needs. */
type Claims = Model<{ _id: string; owner: string; at: Date }>;

/** How long a writer waits for a lease before answering 409 concurrent_update. */
const LEASE_WAIT_MS = 3_000;

/**
 * Runs `write` while holding the lease on one document, so that two writers of the same document
 * do not overwrite each other: on FerretDB, which applies an update by reading the document and
 * writing the whole of it back (docs/database.md), a write that lands in between is lost. The lease
 * is a unique insert in the claims collection (`lease:<key>`), the one write FerretDB makes atomic.
 *
 * On MongoDB, whose updates change only the fields they name, atomically, `write` runs at once.
 * Used by the writers of documents that the rekey rewrites while the BFF serves (sessions, tenants)
 * and by the rekey itself; the ledger's task writes are reconciled with the ledger instead.
 */
export async function underLease<T>(claims: Claims, key: string, write: () => Promise<T>): Promise<T> {
  if (!(await scansFilters(claims.db))) return write();
  const id = `lease:${key}`;
  const owner = randomUUID();
  const giveUpAt = Date.now() + LEASE_WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      await insertDirect(claims, { _id: id, owner, at: new Date() });
      break;
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
    const held = await findByIdDirect<{ at: Date }>(claims, id);
    if (held && Date.now() - new Date(held.at).getTime() > LEASE_STALE_MS) {
      await claims.deleteOne({ _id: id }); // its holder died: take it over
      continue;
    }
    if (Date.now() > giveUpAt) throw new AppError('concurrent_update');
    await sleep(Math.min(2 + attempt * 2, 20) * (0.5 + Math.random()));
  }
  try {
    return await write();
  } finally {
    await claims.collection.deleteOne({ _id: id as never });
  }
}
