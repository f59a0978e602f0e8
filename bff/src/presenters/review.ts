import { maskUscc, REVIEW_REASON_WORDS } from '@regverify/shared';
import type { MatterState } from '../ledger/ledger';
import type { MatterDoc, TaskDoc } from '../models';
import { iso } from './iso';
import { presentMatter } from './matter';

/** A person waiting at the window, as the console lists them: masked. */
export const presentReviewItem = (task: TaskDoc, matter: MatterDoc) => ({
  taskId: task._id,
  matterId: matter._id,
  tenant: matter.tenant,
  portalRef: matter.portalRef,
  kind: matter.kind,
  entityName: matter.entityName,
  name: matter.purgedAt ? '' : (task.person.nameMasked ?? ''),
  idType: task.person.idType,
  idNumberMasked: matter.purgedAt ? '' : (task.person.idNumberMasked ?? ''),
  /** The organization this person represents here, when they do. */
  organization: task.organization ? { name: task.organization.name, usccMasked: maskUscc(task.organization.uscc) } : null,
  roles: [...task.roles],
  matterStatus: matter.status,
  reviewReason: task.reviewReason ?? 'document_type',
  reviewReasonLabel: REVIEW_REASON_WORDS[task.reviewReason ?? 'document_type'],
  createdAt: iso(task.createdAt)!,
  expiresAt: iso(task.expiresAt)!,
});

/** What the person still has to do, in the words the window uses. */
function stillToDo(task: TaskDoc): string[] {
  if (task.status !== 'pending') return [];
  const todo: string[] = [];
  if (task.verify === 'manual_review' && task.review === 'pending') todo.push('到登记窗口核验身份（人工核验）');
  if (task.review === 'refused') todo.push('人工核验未通过，不能继续办理');
  if (task.sign === 'pending') todo.push('确认业务文件并签名');
  return todo;
}

/** One review: the person, the matter as the portal sees it, the documents with their digests, what is left. */
export const presentReviewDetail = ({ task, state }: { task: TaskDoc; state: MatterState }) => ({
  item: presentReviewItem(task, state.matter),
  review: task.review ?? null,
  matter: presentMatter(state),
  documents: state.matter.documents.map((d) => ({ name: d.name, sha256: d.sha256 })),
  documentsDigest: state.matter.documentsDigest,
  stillToDo: stillToDo(task),
});
