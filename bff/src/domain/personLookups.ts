import { requireEntry } from './proofs';
import type { SessionDoc } from '../models';
import { sealedPersonPlaces } from '../models/sealedPerson';
import type { PersonalDataVault } from '../security/personalData';

/**
 * The lookup hashes the identity a session holds is known by: the one it stored, and — while the
 * lookup key is rotated (`LOOKUP_KEY_PREVIOUS`) — its hash under each configured key, since a task
 * of this person may still carry the hash of the other key until the rekey has rewritten it.
 */
export function identityLookups(vault: PersonalDataVault, session: SessionDoc): string[] {
  const identity = session.identity;
  if (!identity) return [];
  if (!vault.rotatingLookupKey) return [identity.lookup];
  const [, idNumberAt] = sealedPersonPlaces({ collection: 'sessions', id: session._id });
  const idNumber = vault.decryptText(identity.idNumberEnc, idNumberAt);
  return [...new Set([identity.lookup, ...vault.lookupHashes(identity.idType, idNumber)])];
}

/** The lookup hashes of the person this session proved to be (entry face check), or 403 entry_verification_required. */
export function entryLookups(vault: PersonalDataVault, session: SessionDoc): string[] {
  requireEntry(session);
  return identityLookups(vault, session);
}
