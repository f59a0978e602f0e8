import type { DocumentRef } from '@regverify/shared';
import { documentsDigest } from '../domain/documents';
import { assertOpen } from '../domain/matterStatus';
import type { MatterState } from '../ledger/ledger';
import type { TaskDoc } from '../models';
import type { Services } from '../services';
import { readMatter } from '../queries/matterReader';

export interface ReplaceDocumentsProps {
  tenant: string;
  matterId: string;
  /** The regenerated documents; people confirm exactly these from now on. */
  documents: DocumentRef[];
}

/**
 * New documents for a matter: a new digest and generation, and every confirmation and task face
 * check given for the old documents void — each task is pending again. The same documents again
 * change nothing.
 */
export async function replaceDocuments(services: Services, props: ReplaceDocumentsProps): Promise<MatterState> {
  await readMatter(services, props);
  const digest = documentsDigest(props.documents);
  const { state } = await services.ledger.commit(props.matterId, ({ matter, tasks }) => {
    if (matter.documentsDigest === digest) return null;
    assertOpen(matter, services.now());
    const taskPatches: Record<string, Partial<TaskDoc>> = {};
    for (const t of tasks) {
      taskPatches[t._id] = {
        status: 'pending',
        verify: t.verify === 'n/a' ? 'n/a' : t.review ? 'manual_review' : 'pending',
        sign: t.sign === 'n/a' ? 'n/a' : 'pending',
        review: t.review ? 'pending' : null,
        verifiedBy: null,
        verifiedAt: null,
        confirmedAt: null,
        confirmation: null,
      };
    }
    return {
      type: 'matter.documents_replaced',
      data: { previousDigest: matter.documentsDigest, documentsDigest: digest, generation: matter.generation + 1 },
      matter: { documents: props.documents, documentsDigest: digest, generation: matter.generation + 1, status: 'pending' },
      tasks: taskPatches,
    };
  });
  return state;
}
