import { AppError, notFound } from '../errors';
import { LIFETIMES } from '../domain/lifetimes';
import { assertOpen, openStatusFor } from '../domain/matterStatus';
import { checkSignatureImage } from '../domain/signatureImage';
import { sha256Hex } from '../ledger/hash';
import { findByIdDirect } from '../db/direct';
import { claim, type SessionDoc, type TaskDoc, type VerificationDoc } from '../models';
import type { ClaimDoc } from '../models/claim';
import { signatureId } from '../models/signature';
import { newId } from '../security/tokens';
import type { Services } from '../services';
import { readTodo } from '../queries/todoReader';
import { documentsWithContent, viewedDocuments } from '../queries/documentViews';

export interface ConfirmTaskProps {
  session: SessionDoc;
  taskId: string;
  /** The task verification that passed for this very task, minutes ago. */
  verificationId?: string;
  /** The digest of the documents the person was shown. */
  documentsDigest: string;
  /** PNG data URL of the hand signature (required when the task includes signing). */
  signature?: string;
}

/**
 * The single-use claim on a task verification, held by the confirmation it serves: this task in
 * this generation of the documents. A confirmation cut off between its claim and its commit (a
 * lost answer, a killed node) can so be sent again — with any request id, as the mini-program
 * does — and go through; the ledger still lets only one confirmation of the task commit. Any
 * other use of the verification (after new documents) finds the claim held by someone else.
 */
export const verificationClaim = (verificationId: string, taskId: string, generation: number) => ({
  key: `verification:${verificationId}`,
  owner: `confirmation:${taskId}:${generation}`,
});

/**
 * The person confirms (and signs) the documents they saw. Everything is checked against the
 * server's own records: the digest, the task verification (passed, for this task and session,
 * fresh, unused). The verification is consumed by a single-use claim, then the confirmation is
 * committed to the matter ledger — two simultaneous confirms give exactly one confirmation, and a
 * confirmation interrupted between the two steps can be retried (`verificationClaim`).
 */
export async function confirmTask(services: Services, props: ConfirmTaskProps): Promise<void> {
  const now = services.now();
  // The verification and its claim are read beside the to-do: nothing of theirs depends on it.
  const [{ task, state }, verification] = await Promise.all([
    readTodo(services, props.session, props.taskId),
    props.verificationId ? readVerification(services, props.verificationId) : null,
  ]);
  assertOpen(state.matter, now);
  if (task.status !== 'pending') throw new AppError('task_not_pending');
  if (props.documentsDigest !== state.matter.documentsDigest) throw new AppError('digest_mismatch');
  if (task.verify === 'manual_review') throw new AppError('manual_review_required');
  // Read before confirming: every document with content opened by this person since the documents last changed.
  const viewed = await viewedDocuments(services, task, state);
  const unread = documentsWithContent(state).filter((i) => !viewed.has(i));
  if (unread.length > 0) throw new AppError('documents_not_viewed', { details: { indexes: unread } });

  const generation = state.matter.generation;
  const held = needsVerificationClaim(task, props, generation);
  const needsVerification = held !== null;
  if (held) checkVerification(verification, props, task, now, held.owner);

  const signs = task.actions.includes('sign');
  if (signs && !props.signature) throw new AppError('signature_required');
  const png = signs ? checkSignatureImage(props.signature!) : null;

  if (held && !(await claim(services.models.Claim, held.key, held.owner))) throw new AppError('verification_used');
  const signatureSha256 = png ? sha256Hex(png) : null;
  // The consent this confirmation rests on, recorded apart from the ledger (it names the account).
  const identity = props.session.identity!;
  const consentId = newId();
  await Promise.all([
    // Stored before the commit, under its own hash: racing confirmations with different signatures
    // each store theirs, and the one that commits points at exactly the one its event records. A
    // confirmation that loses its race leaves a signature nobody points to (removed with the task's data).
    png && storeSignature(services, signatureDoc(services, task, generation, png, signatureSha256!, now)),
    services.models.ConsentRecord.create({
      _id: consentId,
      taskId: task._id,
      matterId: task.matterId,
      version: identity.consentVersion,
      at: identity.consentAt,
      account: services.vault.accountHash(props.session.platform, props.session.platformUserId),
      createdAt: now,
    }),
  ]);

  await services.ledger.commit(
    task.matterId,
    ({ matter, tasks }) => {
      assertOpen(matter, now);
      const current = tasks.find((t) => t._id === task._id);
      if (!current) throw notFound();
      if (current.status !== 'pending') throw new AppError('task_not_pending');
      if (matter.documentsDigest !== props.documentsDigest || matter.generation !== generation) throw new AppError('digest_mismatch');
      if (needsVerification && current.verifiedBy !== props.verificationId) throw new AppError('verification_mismatch');
      const patch: Partial<TaskDoc> = {
        status: 'confirmed',
        verify: needsVerification ? 'done' : current.verify,
        sign: signs ? 'done' : current.sign,
        confirmedAt: now,
        // A decline given before is withdrawn by confirming.
        decision: null,
        declineReason: null,
        confirmation: {
          verificationId: props.verificationId ?? null,
          documentsDigest: props.documentsDigest,
          generation,
          signed: signs,
          signatureSha256,
          consentVersion: identity.consentVersion,
          consentId,
        },
      };
      const after = tasks.map((t) => (t._id === task._id ? { ...t, ...patch } : t));
      return {
        type: 'task.confirmed',
        taskId: task._id,
        data: {
          verificationId: props.verificationId ?? null,
          documentsDigest: props.documentsDigest,
          generation,
          signatureSha256,
          consentVersion: identity.consentVersion,
        },
        matter: { status: openStatusFor(after) },
        tasks: { [task._id]: patch },
      };
    },
    state,
  );
}

function signatureDoc(services: Services, task: TaskDoc, generation: number, png: Buffer, sha256: string, now: Date) {
  const id = signatureId(task._id, generation, sha256);
  const pngEnc = services.vault.encrypt(png, { collection: 'signatures', id, field: 'pngEnc' });
  return { _id: id, taskId: task._id, matterId: task.matterId, pngEnc, sha256, createdAt: now };
}

/** Upsert of the signature; two upserts racing on one new key give E11000 to the loser, which then replaces (the same bytes). */
async function storeSignature(
  services: Services,
  doc: { _id: string; taskId: string; matterId: string; pngEnc: string; sha256: string; createdAt: Date },
): Promise<void> {
  try {
    await services.models.Signature.replaceOne({ _id: doc._id }, doc, { upsert: true });
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    await services.models.Signature.replaceOne({ _id: doc._id }, doc);
  }
}

/** The claim this confirmation takes on its verification, or null for a task without `verify`. */
function needsVerificationClaim(task: TaskDoc, props: ConfirmTaskProps, generation: number): { key: string; owner: string } | null {
  if (!task.actions.includes('verify')) return null;
  if (!props.verificationId) throw new AppError('task_verification_required');
  return verificationClaim(props.verificationId, task._id, generation);
}

/** A verification with the claim on it, if any: read together, by `_id`. */
async function readVerification(services: Services, verificationId: string) {
  const [v, used] = await Promise.all([
    findByIdDirect<VerificationDoc>(services.models.Verification, verificationId),
    findByIdDirect<ClaimDoc>(services.models.Claim, `verification:${verificationId}`),
  ]);
  return v && { v, usedBy: used?.owner ?? null };
}

/**
 * The verification must be this session's pass for this task, fresh, the one the task recorded,
 * and not used — except by this very confirmation, whose earlier attempt was cut off.
 */
function checkVerification(
  verification: Awaited<ReturnType<typeof readVerification>>,
  props: ConfirmTaskProps,
  task: TaskDoc,
  now: Date,
  owner: string,
): void {
  const v = verification?.v;
  if (!v || v.sessionId !== props.session._id) throw new AppError('verification_mismatch');
  if (v.purpose !== 'task' || v.taskId !== task._id) throw new AppError('verification_mismatch');
  if (v.status !== 'passed' || !v.passedAt) throw new AppError('verification_not_passed');
  if (now.getTime() - new Date(v.passedAt).getTime() > LIFETIMES.verificationUseMs) throw new AppError('verification_expired');
  if (verification.usedBy && verification.usedBy !== owner) throw new AppError('verification_used');
  if (task.verifiedBy !== v._id) throw new AppError('verification_mismatch');
}
