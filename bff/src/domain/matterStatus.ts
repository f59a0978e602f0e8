import type { MatterStatus } from '@regverify/shared';
import { AppError } from '../errors';
import type { MatterDoc, TaskDoc } from '../models';

/** Matters that no longer take changes. */
export const CLOSED: ReadonlySet<MatterStatus> = new Set(['submitted', 'expired', 'cancelled']);

/** `ready` once every task is confirmed; `pending` otherwise (for open matters). */
export function openStatusFor(tasks: Array<Pick<TaskDoc, 'status'>>): 'pending' | 'ready' {
  return tasks.length > 0 && tasks.every((t) => t.status === 'confirmed') ? 'ready' : 'pending';
}

export function progressOf(tasks: Array<Pick<TaskDoc, 'status'>>): { done: number; total: number } {
  return { done: tasks.filter((t) => t.status === 'confirmed').length, total: tasks.length };
}

/** True when the matter's 7 days are over, whether or not the sweeper has recorded it yet. */
export const isPastExpiry = (matter: Pick<MatterDoc, 'expiresAt'>, now: Date): boolean =>
  now.getTime() >= new Date(matter.expiresAt).getTime();

/** True while the matter takes changes: not closed, not past its 7 days. */
export const isOpen = (matter: Pick<MatterDoc, 'status' | 'expiresAt'>, now: Date): boolean =>
  !CLOSED.has(matter.status as MatterStatus) && !isPastExpiry(matter, now);

/** Throws the error people should see when a closed (or past-expiry) matter is asked to change. */
export function assertOpen(matter: Pick<MatterDoc, 'status' | 'expiresAt'>, now: Date): void {
  if (matter.status === 'expired' || (!CLOSED.has(matter.status as MatterStatus) && isPastExpiry(matter, now))) {
    throw new AppError('matter_expired');
  }
  if (matter.status === 'cancelled') throw new AppError('matter_cancelled');
  if (matter.status === 'submitted') throw new AppError('matter_submitted');
}
