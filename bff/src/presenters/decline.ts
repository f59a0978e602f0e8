import { DECLINE_REASON_WORDS } from '@regverify/shared';
import type { DeclineDoc, MatterDoc, TaskDoc } from '../models';
import { iso } from './iso';

/** A decline as the console lists it: the record, its note opened, the person masked, the matter. */
export interface DeclineRecord {
  decline: DeclineDoc & { _id: string };
  note: string | null;
  person: Pick<TaskDoc['person'], 'idType' | 'nameMasked' | 'idNumberMasked'>;
  matter: Pick<MatterDoc, '_id' | 'portalRef' | 'entityName' | 'kind' | 'tenant' | 'status' | 'generation' | 'purgedAt'>;
}

/** A decline as the console lists it: masked person, the matter, the note; `current` while its documents are. */
export const presentDecline = ({ decline, note, person, matter }: DeclineRecord) => ({
  id: decline._id,
  at: iso(decline.at)!,
  reason: decline.reason,
  reasonLabel: DECLINE_REASON_WORDS[decline.reason],
  note: matter.purgedAt ? null : note,
  taskId: decline.taskId,
  person: {
    name: matter.purgedAt ? '' : (person.nameMasked ?? ''),
    idType: person.idType,
    idNumberMasked: matter.purgedAt ? '' : (person.idNumberMasked ?? ''),
  },
  matter: {
    matterId: matter._id,
    portalRef: matter.portalRef,
    entityName: matter.entityName,
    kind: matter.kind,
    tenant: matter.tenant,
    status: matter.status,
  },
  current: decline.generation === matter.generation,
});
