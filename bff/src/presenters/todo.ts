import { maskUscc, type TodoItem } from '@regverify/shared';
import { todoStatus } from '../domain/todoStatus';
import type { MatterState } from '../ledger/ledger';
import type { TaskDoc } from '../models';
import { iso } from './iso';
import { presentDocument } from './matter';

/** A task as its own person sees it in the to-do list. */
export function presentTodo(task: TaskDoc, state: MatterState, now: Date): TodoItem {
  return {
    taskId: task._id,
    matterId: state.matter._id,
    kind: state.matter.kind,
    entityName: state.matter.entityName,
    // 代表 <organization>: the person confirms for the organization, whose roles these are.
    organization: task.organization ? { name: task.organization.name, usccMasked: maskUscc(task.organization.uscc) } : null,
    roles: [...task.roles],
    actions: [...task.actions],
    status: todoStatus(task, state.matter, now),
    decision: task.decision ?? null,
    declineReason: task.declineReason ?? null,
    createdAt: iso(task.createdAt)!,
    expiresAt: iso(task.expiresAt)!,
  };
}

/** The to-do item with what the person confirms: the documents (and which of them this person opened) and their digest. */
export function presentTodoDetail(task: TaskDoc, state: MatterState, now: Date, viewed: ReadonlySet<number>) {
  return {
    ...presentTodo(task, state, now),
    documents: state.matter.documents.map((d, i) => ({ ...presentDocument(d), viewed: viewed.has(i) })),
    documentsDigest: state.matter.documentsDigest,
    verify: task.verify,
    ...(task.verify === 'manual_review' ? { reviewReason: task.reviewReason ?? 'document_type' } : {}),
    sign: task.sign,
    verificationId: task.status === 'pending' && task.verify === 'done' ? task.verifiedBy : null,
  };
}
