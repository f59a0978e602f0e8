import type { TaskStatus } from '@regverify/shared';
import type { MatterDoc, TaskDoc } from '../models';
import { isPastExpiry } from './matterStatus';

/** The status a person sees: a pending task of a matter past its 7 days is 已过期 even before the sweeper ran. */
export function todoStatus(task: Pick<TaskDoc, 'status'>, matter: Pick<MatterDoc, 'expiresAt'>, now: Date): TaskStatus {
  if (task.status === 'pending' && isPastExpiry(matter, now)) return 'expired';
  return task.status;
}
