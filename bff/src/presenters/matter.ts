import { maskUscc, type MatterView, type ParticipantView } from '@regverify/shared';
import type { MatterState } from '../ledger/ledger';
import { progressOf } from '../domain/matterStatus';
import { iso } from './iso';
import type { StoredDocument } from '../models/matter';
import type { TaskDoc } from '../models';

/** A document as people and portals see it: whether its bytes can be opened. */
export const presentDocument = (d: StoredDocument) => ({
  name: d.name,
  sha256: d.sha256,
  ...(d.contentType ? { contentType: d.contentType } : {}),
  hasContent: !!d.contentType && !!d.uploadedAt,
});

/**
 * Who a participant is: a person (masked, no `kind`, as in the request), or an organization (its name in full, its code masked)
 * with its representative (masked). An organization's entry also carries the representative's
 * `idType` and `idNumberMasked` at the top level, where clients written before organizations read them.
 */
function whoOf(
  t: TaskDoc,
  purged: boolean,
): Pick<ParticipantView, 'kind' | 'name' | 'idType' | 'idNumberMasked' | 'usccMasked' | 'representative'> {
  const person = {
    name: purged ? '' : (t.person.nameMasked ?? ''),
    idType: t.person.idType,
    idNumberMasked: purged ? '' : (t.person.idNumberMasked ?? ''),
  };
  if (!t.organization) return person; // without `kind`, as before organizations
  return {
    kind: 'organization',
    name: t.organization.name,
    idType: person.idType,
    idNumberMasked: person.idNumberMasked,
    usccMasked: maskUscc(t.organization.uscc),
    representative: person,
  };
}

/**
 * The one place where a matter becomes its public view: masked people, never a full number. Once
 * the personal data is purged (`purgedAt`), names and masked numbers are empty strings — also for a
 * task already scrubbed while the matter's `matter.redacted` event is still being written.
 */
export function presentMatter({ matter, tasks }: MatterState): MatterView {
  const purged = !!matter.purgedAt;
  return {
    id: matter._id,
    portalRef: matter.portalRef,
    kind: matter.kind,
    entityName: matter.entityName,
    status: matter.status,
    version: matter.version,
    documents: matter.documents.map(presentDocument),
    documentsDigest: matter.documentsDigest,
    createdAt: iso(matter.createdAt)!,
    expiresAt: iso(matter.expiresAt)!,
    participants: tasks.map((t) => ({
      taskId: t._id,
      ...whoOf(t, purged),
      roles: [...t.roles],
      actions: [...t.actions],
      verify: t.verify,
      sign: t.sign,
      confirmedAt: iso(t.confirmedAt),
      ...(t.review ? { review: t.review } : {}),
      ...(t.verify === 'manual_review' ? { reviewReason: t.reviewReason ?? 'document_type' } : {}),
      decision: t.decision ?? null,
      declineReason: t.declineReason ?? null,
    })),
    progress: progressOf(tasks),
    canSubmit: matter.status === 'ready',
    ...(matter.purgedAt ? { purgedAt: iso(matter.purgedAt)! } : {}),
  };
}
