import type { SessionDoc } from '../models';
import type { FaceCheckSubject } from '../providers/identity';
import type { Services } from '../services';
import { requireIdentity } from '../domain/proofs';

/** The clear identity of the session, decrypted for one provider call. */
export function subjectOf(services: Services, session: SessionDoc): FaceCheckSubject {
  const identity = requireIdentity(session);
  const where = (field: 'identity.nameEnc' | 'identity.idNumberEnc') => ({ collection: 'sessions' as const, id: session._id, field });
  return {
    name: services.vault.decryptText(identity.nameEnc, where('identity.nameEnc')),
    idType: identity.idType,
    idNumber: services.vault.decryptText(identity.idNumberEnc, where('identity.idNumberEnc')),
  };
}
