import { apiClient, type ApiClient } from './client';
import { bankCard, signaturePng } from './factories';
import type { AlipayStandIn } from './standIns/alipay';
import type { WechatStandIn } from './standIns/wechat';

type Who = { name: string; idType: 'resident_id'; idNumber: string };
type Purpose = { purpose: 'entry' } | { purpose: 'task'; taskId: string };

/**
 * People in the real Alipay and WeChat mini-programs, against the vendors' stand-ins: each signs in
 * with a code the stand-in issued, enters their identity and passes the bank-card check; their face
 * checks are passed by the platform's own stand-in, so every result comes from the vendor's adapter.
 */
export function platformPeople(url: () => string, standIns: () => { alipay: AlipayStandIn; wechat: WechatStandIn }) {
  let n = 0;

  async function signIn(platform: 'alipay' | 'weapp', code: string, who: Who, withBankCard = true): Promise<ApiClient> {
    const login = await apiClient(url()).post('/api/mp/session', { platform, code });
    expect(login.status).toBe(201);
    const api = apiClient(url(), login.body.token);
    expect((await api.put('/api/mp/identity', { ...who, consentVersion: '2026-11' })).status).toBe(200);
    if (withBankCard)
      expect((await api.post('/api/mp/bankcard-checks', { cardNumber: bankCard(), consentVersion: '2026-12' })).body).toEqual({
        passed: true,
      });
    return api;
  }

  /** Starts a face check and lets the platform's stand-in pass it; the verification's id. */
  async function faceCheck(api: ApiClient, purpose: Purpose): Promise<string> {
    const started = await api.post('/api/mp/verifications', { ...purpose, consentVersion: '2026-12' });
    expect(started.status).toBe(201);
    if (started.body.provider === 'alipay') standIns().alipay.setOutcome(started.body.params.certifyId, 'T');
    else standIns().wechat.setOutcome(started.body.params.verifyId, 10000);
    expect((await api.post(`/api/mp/verifications/${started.body.id}/complete`, {})).body.status).toBe('passed');
    return started.body.id as string;
  }

  return {
    /**
     * An Alipay session whose account is registered (real name) to `owner` (null: Alipay does not
     * say), `who`'s identity entered and, unless `withBankCard` is false, the bank card passed.
     */
    onAlipay(who: Who, owner: { name: string; idNumber: string } | null = who, withBankCard = true): Promise<ApiClient> {
      const code = `alipay-code-${n++}`;
      const profile = owner ? { realName: { name: owner.name, certNo: owner.idNumber } } : {};
      standIns().alipay.addAuthCode(code, `2088${String(n).padStart(12, '0')}`, profile);
      return signIn('alipay', code, who, withBankCard);
    },
    /** A WeChat session with `who`'s identity entered. */
    onWechat(who: Who): Promise<ApiClient> {
      const code = `wx-code-${n++}`;
      standIns().wechat.addCode(code, `openid-${n}`);
      return signIn('weapp', code, who);
    },
    faceCheck,
    /** Confirms the person's to-do of the matter with a passed task face check (the entry check done before). */
    async confirm(api: ApiClient, matterId: string): Promise<void> {
      const todo = (await api.get('/api/mp/todos')).body.items.find((t: { matterId: string }) => t.matterId === matterId);
      const detail = await api.get(`/api/mp/todos/${todo.taskId}`);
      const verificationId = await faceCheck(api, { purpose: 'task', taskId: todo.taskId });
      const res = await api.post(`/api/mp/todos/${todo.taskId}/confirm`, {
        verificationId,
        documentsDigest: detail.body.documentsDigest,
        signature: signaturePng(),
      });
      expect(res.body).toEqual({ status: 'confirmed' });
    },
  };
}
