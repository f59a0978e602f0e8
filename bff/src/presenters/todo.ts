import type { TodoItem } from '@regverify/shared';
import { todoStatus } from '../domain/todoStatus';
import type { MatterState } from '../ledger/ledger';
import type { TaskDoc } from '../models';
import { iso } from './iso';

/** A task as its own person sees it in the to-do list. */
export function presentTodo(task: TaskDoc, state: MatterState, now: Date): TodoItem {
  return {
    taskId: task._id,
    matterId: state.matter._id,
    kind: state.matter.kind,
    entityName: state.matter.entityName,
    roles: [...task.roles],
    actions: [...task.actions],
    status: todoStatus(task, state.matter, now),
    createdAt: iso(task.createdAt)!,
    expiresAt: iso(task.expiresAt)!,
  };
}

/** The to-do item with what the person confirms: the documents and their digest. */
export function presentTodoDetail(task: TaskDoc, state: MatterState, now: Date) {
  return {
    ...presentTodo(task, state, now),
    documents: state.matter.documents.map((d) => ({ name: d.name, sha256: d.sha256 })),
    documentsDigest: state.matter.documentsDigest,
    verify: task.verify,
    sign: task.sign,
    verificationId: task.status === 'pending' && task.verify === 'done' ? task.verifiedBy : null,
  };
}
