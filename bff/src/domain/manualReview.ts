import type { TaskDoc } from '../models';

/**
 * A manual review the person chose (到登记窗口核验) rather than one their document type needs: it
 * is still open, and a face check of their own may take its place — so that someone who knows a
 * person's ID number and sends their tasks to the window has not locked them out of the face check.
 */
export const reviewChosenByPerson = (task: Pick<TaskDoc, 'verify' | 'review' | 'reviewReason'>): boolean =>
  task.verify === 'manual_review' &&
  task.review === 'pending' &&
  (task.reviewReason === 'person_chose_window' || task.reviewReason === 'repeated_failures');
