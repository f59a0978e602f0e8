import type { ReviewReason } from '@regverify/shared';
import { isOpen } from '../domain/matterStatus';
import { identityLookups } from '../domain/personLookups';
import { requireIdentity } from '../domain/proofs';
import type { SessionDoc, TaskDoc } from '../models';
import type { Services } from '../services';
import { assertAccountOwner } from './accountOwner';

export type WindowChosen = { window: true; tasks: number };

/** Failed face checks of this session after which choosing the window counts as 人脸核验多次未通过. */
const REPEATED_FAILURES = 2;
const WINDOW_MS = 7 * 24 * 3600_000;

/**
 * 到登记窗口核验: another way than the face (人脸识别技术应用安全管理办法). The open tasks of the
 * identity this session holds go to manual review at a registration window (待人工核验, with the
 * reason: chosen by the person, or after repeated failed face checks), where an operator checks the
 * person's document and confirms for them — as for documents no vendor checks. Where the platform
 * can say whose account it is (Alipay), only the account's owner can choose it. Someone else who
 * knows the ID number and chooses it locks nobody out: the person's own face check still takes the
 * review's place (`reviewChosenByPerson`).
 */
export async function chooseWindow(services: Services, session: SessionDoc): Promise<WindowChosen> {
  requireIdentity(session);
  await assertAccountOwner(services, session);
  const failures = await services.models.Verification.countDocuments({ sessionId: session._id, status: 'failed' });
  const reason: ReviewReason = failures >= REPEATED_FAILURES ? 'repeated_failures' : 'person_chose_window';
  const lookups = identityLookups(services.vault, session);
  const since = new Date(services.now().getTime() - WINDOW_MS);
  const mine = await services.models.Task.find(
    { 'person.lookup': { $in: lookups }, status: 'pending', createdAt: { $gte: since } },
    { matterId: 1 },
  ).lean();
  let sent = 0;
  for (const matterId of new Set(mine.map((t) => t.matterId))) {
    await services.ledger.commit(matterId, ({ matter, tasks }) => {
      if (!isOpen(matter, services.now())) return null;
      const patches: Record<string, Partial<TaskDoc>> = {};
      for (const t of tasks) {
        if (!lookups.includes(t.person.lookup) || t.status !== 'pending' || t.verify !== 'pending') continue;
        patches[t._id] = { verify: 'manual_review', review: 'pending', reviewReason: reason };
      }
      const ids = Object.keys(patches);
      if (ids.length === 0) return null;
      sent += ids.length;
      return { type: 'tasks.window_chosen', data: { taskIds: ids, reason }, tasks: patches };
    });
  }
  return { window: true, tasks: sent };
}
