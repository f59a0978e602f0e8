import type { MatterStatus } from '@regverify/shared';
import { AppError, notFound } from '../errors';
import { LIFETIMES } from '../domain/lifetimes';
import { CLOSED } from '../domain/matterStatus';
import type { MatterState } from '../ledger/ledger';
import type { Services } from '../services';
import { underLease } from '../db/documentLease';
import { matterLease, updateVerification } from '../models/leasedWrites';

/** Why a matter's personal data went: its retention period ran out, or its portal asked (redact). */
export type PurgeReason = 'retention' | 'portal';

export interface PurgeProps {
  /** The matter whose people's personal data goes; it must be closed (submitted, expired, cancelled). */
  matterId: string;
  /** Recorded in the `matter.redacted` event. */
  reason: PurgeReason;
}

const DAY_MS = 24 * 3600_000;

/**
 * Claims and sandbox outcomes matter for minutes: a passed check is usable for 10 minutes
 * (`LIFETIMES.verificationUseMs`), a started one for 30, a callback attempt's claim for its lease
 * (30 s). A day later nothing reads them any more, so they are removed.
 */
export const SCRATCH_KEEP_MS = DAY_MS;

/** Stands in for the create request's hash (a hash over names and numbers) once the matter is purged. */
export const PURGED_CONTENT_HASH = 'purged';

/** The sealed fields of a task's person: everything but the document type. */
const SEALED_PERSON_FIELDS = {
  'person.lookup': 1,
  'person.nameEnc': 1,
  'person.idNumberEnc': 1,
  'person.nameMasked': 1,
  'person.idNumberMasked': 1,
} as const;

/**
 * Removes the personal data of a closed matter's people for good and records it as the ledger
 * event `matter.redacted` (no personal data in it), which sets `purgedAt` and tells live viewers
 * and callbacks. Gone: names and ID numbers (ciphertexts, masked copies, lookup hashes) on the
 * tasks, the signatures, the documents' files, the declines (their notes) and the record of who opened which document, the lookup hashes of the matter's face checks and their sandbox outcomes,
 * the masked people in the MatterView snapshots stored beside its events. Kept for the audit
 * trail: the events themselves (their hash chain still verifies), ids, statuses, times, digests.
 *
 * Idempotent and safe on several nodes at once: every removal is an absolute `$unset`/delete, done
 * again by every call, and the event insert lets exactly one caller record the redaction. The data
 * is removed before the event is written, so a matter marked as purged has been scrubbed at least
 * once; a call that dies half-way leaves the matter unmarked for the next one.
 */
export async function purgePersonalData(services: Services, props: PurgeProps): Promise<MatterState> {
  const state = await services.ledger.load(props.matterId);
  if (!state) throw notFound();
  if (!CLOSED.has(state.matter.status as MatterStatus)) throw new AppError('matter_active', { details: { status: state.matter.status } });
  await scrub(services, state);
  services.ledger.forget(props.matterId); // its tasks changed outside the ledger
  const now = services.now();
  const { state: after } = await services.ledger.commit(props.matterId, ({ matter }) => {
    if (matter.purgedAt) return null;
    return { type: 'matter.redacted', data: { reason: props.reason }, matter: { purgedAt: now, contentHash: PURGED_CONTENT_HASH } };
  });
  await scrubEventViews(services, props.matterId); // any snapshot stored while the above ran
  return after;
}

async function scrub(services: Services, { matter, tasks }: MatterState): Promise<void> {
  const { Task, Signature, Verification, SandboxOutcome } = services.models;
  const taskIds = tasks.map((t) => t._id);
  const checks = await Verification.find({ matterId: matter._id }, { providerRef: 1 }).lean();
  // Under the matter's lease (and each check's): a rekey rewriting these records at the same moment cannot bring their data back.
  await underLease(services.models.Claim, matterLease(matter._id), async () => {
    await Task.updateMany({ _id: { $in: taskIds } }, { $unset: SEALED_PERSON_FIELDS });
    for (const check of checks) {
      // A check still pending can no longer count for anything; closing it keeps it from being completed without its lookup hash.
      await updateVerification(services.models, check._id, { status: 'pending' }, { $set: { status: 'failed', reason: '业务已结束' } });
      await updateVerification(services.models, check._id, {}, { $unset: { lookup: 1 } });
    }
  });
  // The consent records name each platform account by a keyed hash.
  await services.models.ConsentRecord.deleteMany({ taskId: { $in: taskIds } });
  await Signature.deleteMany({ taskId: { $in: taskIds } });
  // The documents' contents name people; so may a decline's note. Who opened what goes with them.
  await services.documentFiles.removeOf(matter._id);
  await services.models.Decline.deleteMany({ matterId: matter._id });
  await services.models.DocumentView.deleteMany({ matterId: matter._id });
  if (checks.length > 0) await SandboxOutcome.deleteMany({ _id: { $in: checks.map((c) => c.providerRef) } });
  await scrubEventViews(services, matter._id);
}

interface StoredView {
  participants?: Array<{ name?: string; idNumberMasked?: string }>;
}

/** The MatterView snapshots beside the events (outside their hashes) keep their shape, without the people's masked names and numbers. */
async function scrubEventViews(services: Services, matterId: string): Promise<void> {
  const events = await services.models.MatterEvent.find({ matterId }, { view: 1 }).lean();
  for (const event of events) {
    const view = event.view as StoredView | null;
    if (!view?.participants?.some((p) => p.name || p.idNumberMasked)) continue;
    const participants = view.participants.map((p) => ({ ...p, name: '', idNumberMasked: '' }));
    await services.models.MatterEvent.updateOne({ _id: event._id }, { $set: { view: { ...view, participants } } });
  }
}

/** Purges the closed matters whose retention period (`RETENTION_DAYS` after closing) is over; returns how many. */
export async function purgeDueMatters(services: Services, limit = 200): Promise<number> {
  const cutoff = new Date(services.now().getTime() - services.config.RETENTION_DAYS * DAY_MS);
  const due = await services.models.Matter.find({ purgedAt: null, status: { $in: [...CLOSED] }, closedAt: { $lte: cutoff } }, { _id: 1 })
    .limit(limit)
    .lean();
  let purged = 0;
  for (const { _id } of due) {
    try {
      await purgePersonalData(services, { matterId: _id, reason: 'retention' });
      purged++;
    } catch (err) {
      services.logger.warn(
        { matterId: _id, err: { name: (err as Error).name, code: (err as { code?: unknown }).code } },
        'retention purge of a matter failed',
      );
    }
  }
  return purged;
}

/**
 * Removes what outlives its use outside any matter: expired sessions (their sealed identity, the
 * platform user id, proofs), entry face checks once their session can no longer exist (they hold
 * a lookup hash), claims and sandbox outcomes after `SCRATCH_KEEP_MS`, and audit events after
 * `RETENTION_DAYS`. All plain deletes.
 */
export async function removeStaleRecords(
  services: Services,
): Promise<{ sessions: number; entryChecks: number; claims: number; sandboxOutcomes: number; auditEvents: number }> {
  const { Session, Verification, Claim, SandboxOutcome, AuditEvent } = services.models;
  const now = services.now().getTime();
  const sessions = await Session.deleteMany({ expiresAt: { $lte: new Date(now) } });
  // Started after its session, an entry check outlives it by less than a session's lifetime.
  const entryChecks = await Verification.deleteMany({ purpose: 'entry', createdAt: { $lte: new Date(now - LIFETIMES.sessionMs) } });
  const claims = await Claim.deleteMany({ at: { $lte: new Date(now - SCRATCH_KEEP_MS) } });
  const sandboxOutcomes = await SandboxOutcome.deleteMany({ at: { $lte: new Date(now - SCRATCH_KEEP_MS) } });
  // A session's own consents (entry face check, bank card) go once the session can no longer exist.
  await services.models.ConsentRecord.deleteMany({ sessionId: { $ne: null }, createdAt: { $lte: new Date(now - LIFETIMES.sessionMs) } });
  // The audit events outside matters name people by their lookup hash: kept as long as a closed matter's data.
  const auditEvents = await AuditEvent.deleteMany({ at: { $lte: new Date(now - services.config.RETENTION_DAYS * DAY_MS) } });
  return {
    sessions: sessions.deletedCount,
    entryChecks: entryChecks.deletedCount,
    claims: claims.deletedCount,
    sandboxOutcomes: sandboxOutcomes.deletedCount,
    auditEvents: auditEvents.deletedCount,
  };
}
