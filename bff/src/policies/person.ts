import { notFound } from '../errors';
import type { SessionDoc, TaskDoc, VerificationDoc } from '../models';
import { requireEntry } from '../domain/proofs';

/**
 * A person acts on their own tasks only: the person this session proved to be (entry face check)
 * is the task's person. Someone else's task is a 404, like a missing one.
 */
export function authorizePersonTask<T extends Pick<TaskDoc, 'person'>>(session: SessionDoc, task: T | null | undefined): T {
  const lookup = requireEntry(session);
  if (!task || task.person.lookup !== lookup) throw notFound();
  return task;
}

/** A face check belongs to the session that started it; any other session gets a 404. */
export function authorizeSessionVerification(session: SessionDoc, verification: VerificationDoc | null): VerificationDoc {
  if (!verification || verification.sessionId !== session._id) throw notFound();
  return verification;
}
