import type { IdentityRequest } from '@regverify/shared';
import { CONSENT_VERSION } from '../domain/consent';
import { AppError } from '../errors';
import { sealPerson } from '../models/sealedPerson';
import type { SessionDoc } from '../models';
import type { Services } from '../services';
import { updateSession } from '../models/leasedWrites';

/** The identity a session holds: sealed name and number, masked copies, lookup hash, consent. */
export type SessionIdentity = NonNullable<SessionDoc['identity']>;

/**
 * Records who the person says they are (with the consent version they agreed to). A new identity
 * drops the proofs of the previous one; the same identity again keeps them.
 */
export async function setIdentity(services: Services, props: { session: SessionDoc; input: IdentityRequest }): Promise<SessionIdentity> {
  const { vault } = services;
  const { name, idType, idNumber, consentVersion } = props.input;
  // The person agreed to the rules the server shows now, not to a text of the client's own.
  if (consentVersion !== CONSENT_VERSION) throw new AppError('consent_version_mismatch', { details: { current: CONSENT_VERSION } });
  const identity = {
    ...sealPerson(vault, { name, idType, idNumber }, { collection: 'sessions', id: props.session._id }),
    consentVersion,
    consentAt: services.now(),
  };
  const lookup = identity.lookup;
  const sameIdentity =
    props.session.identity?.lookup === lookup &&
    vault.decryptText(props.session.identity.nameEnc, { collection: 'sessions', id: props.session._id, field: 'identity.nameEnc' }) ===
      name;
  await updateSession(services.models, props.session._id, sameIdentity ? { identity } : { identity, bankCard: null, entry: null });
  return identity;
}
