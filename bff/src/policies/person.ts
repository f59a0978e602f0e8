import { notFound } from '../errors';
import type { SessionDoc, TaskDoc, VerificationDoc } from '../models';

/**
 * A person acts on their own tasks only: the person this session proved to be (entry face check,
 * `entryLookups`) is the task's person. Someone else's task is a 404, like a missing one.
 */
export function authorizePersonTask<T extends Pick<TaskDoc, 'person'>>(lookups: readonly string[], task: T | null | undefined): T {
  if (!task || !lookups.includes(task.person.lookup)) throw notFound();
  return task;
}

/** A face check belongs to the session that started it; any other session gets a 404. */
export function authorizeSessionVerification(session: SessionDoc, verification: VerificationDoc | null): VerificationDoc {
  if (!verification || verification.sessionId !== session._id) throw notFound();
  return verification;
}
