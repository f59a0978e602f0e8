import type { MatterState } from '../ledger/ledger';
import { documentViewId } from '../models/documentView';
import type { TaskDoc } from '../models';
import type { Services } from '../services';

/** The indexes of the documents with content (uploaded) in the matter's current documents. */
export const documentsWithContent = ({ matter }: MatterState): number[] =>
  matter.documents.flatMap((d, i) => (d.contentType && d.uploadedAt ? [i] : []));

/** Which of the current documents with content this task's person has opened since the documents last changed. */
export async function viewedDocuments(services: Services, task: TaskDoc, state: MatterState): Promise<Set<number>> {
  const generation = state.matter.generation;
  const indexes = documentsWithContent(state);
  // By `_id`, one each: the one lookup the embedded FerretDB answers from an index.
  const found = await Promise.all(
    indexes.map((i) => services.models.DocumentView.exists({ _id: documentViewId(task._id, generation, i) })),
  );
  return new Set(indexes.filter((_, k) => found[k]));
}
