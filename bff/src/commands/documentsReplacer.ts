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
 * New documents for a matter: a new digest and generation, and every confirmation, task face
 * check and decline given for the old documents void — each task is pending again; the old
 * documents' files and viewings go. The decline records stay (marked as of older documents in the
 * console): a 不是本人办理 is followed up even when the portal has since sent new documents. The
 * same documents again change nothing.
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
        decision: null,
        declineReason: null,
      };
    }
    return {
      type: 'matter.documents_replaced',
      data: { previousDigest: matter.documentsDigest, documentsDigest: digest, generation: matter.generation + 1 },
      matter: { documents: props.documents, documentsDigest: digest, generation: matter.generation + 1, status: 'pending' },
      tasks: taskPatches,
    };
  });
  // What belonged to the old documents: their files and who opened them.
  await services.documentFiles.removeOf(props.matterId, state.matter.generation);
  await services.models.DocumentView.deleteMany({ matterId: props.matterId, generation: { $lt: state.matter.generation } });
  return state;
}
