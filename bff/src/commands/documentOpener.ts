import type { SessionDoc } from '../models';
import { notFound } from '../errors';
import { documentViewId } from '../models/documentView';
import { readTodo } from '../queries/todoReader';
import type { Services } from '../services';

/**
 * A person opens one of their filing's documents: the bytes the portal uploaded (exactly those the
 * filing's digest names), and the record that this person opened it in this generation of the
 * documents, which 确认 asks for. Only the task's own person (after the entry face check); a
 * document without content is a 404.
 */
export async function openDocument(services: Services, props: { session: SessionDoc; taskId: string; index: number }): Promise<Buffer> {
  const { task, state } = await readTodo(services, props.session, props.taskId);
  const { matter } = state;
  const document = matter.documents[props.index];
  if (!document?.contentType || !document.uploadedAt) throw notFound();
  const bytes = await services.documentFiles.read({ matterId: matter._id, generation: matter.generation, index: props.index });
  if (!bytes) throw notFound();
  try {
    await services.models.DocumentView.create({
      _id: documentViewId(task._id, matter.generation, props.index),
      taskId: task._id,
      matterId: matter._id,
      generation: matter.generation,
      at: services.now(),
    });
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err; // opened before: recorded once
  }
  return bytes;
}
