import { AppError } from '../errors';
import { requireIdentity } from '../domain/proofs';
import type { SessionDoc } from '../models';
import type { Services } from '../services';
import { providerFailure } from './providerFailure';
import { subjectOf } from './subject';
import { updateSession } from '../models/leasedWrites';

/**
 * An account verifies only its owner (FAQ 7, 非本人使用支付宝账号进行验证): where the platform can say
 * whose account it is (Alipay), an identity that is not the account holder's is refused before the
 * bank-card check and the face check, so a stranger's attempts cost the person nothing and reach no
 * vendor. Asked once per identity and session.
 */
export async function assertAccountOwner(services: Services, session: SessionDoc): Promise<void> {
  const identity = requireIdentity(session);
  const check = services.platforms[session.platform]?.accountOwner;
  if (!check || !session.accountTokenEnc || session.accountOwner?.lookup === identity.lookup) return;
  const accountToken = services.vault.decryptText(session.accountTokenEnc, {
    collection: 'sessions',
    id: session._id,
    field: 'accountTokenEnc',
  });
  const result = await check.check({ accountToken, subject: subjectOf(services, session) }).catch(providerFailure);
  if (result === 'not_owner') throw new AppError('account_not_owner');
  await updateSession(services.models, session._id, { accountOwner: { lookup: identity.lookup, result } });
}
