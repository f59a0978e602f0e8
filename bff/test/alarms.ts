import { expect } from '@jest/globals';
import type { IdType } from '@regverify/shared';
import { LIMITS } from '../src/security/rateLimits';
import { bankCard } from './factories';
import { SandboxPerson } from './person';

/**
 * Raises a person's bank-card alarm the way a stranger would: several platform accounts holding the
 * person's ID number, each spending its own budget of bank-card checks the vendor refuses, until the
 * person's count across accounts reaches its threshold. Needs the real limits (RATE_LIMIT_SCALE=1);
 * `accounts` names the stranger's accounts (new ones for every alarm: the old ones are locked).
 */
export async function raiseBankCardAlarm(url: string, who: { idType: IdType; idNumber: string }, accounts: string): Promise<void> {
  const perAccount = LIMITS.bankCardFailuresAccount.points;
  const count = Math.ceil(LIMITS.bankCardFailuresPerson.points / perAccount);
  for (let a = 0; a < count; a++) {
    const stranger = await new SandboxPerson(url, { ...who, name: '李四' }, `${accounts}-${a}`).login();
    await stranger.enterIdentity();
    for (let i = 0; i < perAccount; i++) {
      const res = await stranger.api.post('/api/mp/bankcard-checks', { cardNumber: bankCard(true), consentVersion: '2026-12' });
      expect(res.body).toMatchObject({ passed: false });
    }
  }
}
