/** One person through the mini-program API with the sandbox provider, each step timed (no jest). */
import { computeCheckCharacter } from '@regverify/shared';
import { apiClient, type Answer } from '../../bff/test/client';
import { bankCard, matterRequest, signaturePng } from '../../bff/test/factories';
import { now } from './env';

export const PORTAL_KEY = 'demo-portal-key';
const SIGNATURE = signaturePng();

/** A distinct valid resident ID for every k (sequence and birth date vary). */
export function person(k: number): { name: string; idType: 'resident_id'; idNumber: string } {
  const birth = new Date(Date.UTC(1960, 0, 1) + Math.floor(k / 1000) * 86_400_000);
  const ymd = birth.toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `410102${ymd}${String(k % 1000).padStart(3, '0')}`;
  return { name: '测试人', idType: 'resident_id', idNumber: first17 + computeCheckCharacter(first17) };
}

function ok(res: Answer, what: string, status?: number): Answer {
  if (status ? res.status !== status : res.status >= 300)
    throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  return res;
}

/** Creates a matter with one participant and returns its id. */
export async function createMatter(baseUrl: string, who: ReturnType<typeof person>): Promise<string> {
  const res = ok(await apiClient(baseUrl, PORTAL_KEY).post('/api/portal/matters', matterRequest([who])), 'create matter');
  return res.body.matter.id as string;
}

export async function viewerToken(baseUrl: string, matterId: string): Promise<string> {
  return ok(await apiClient(baseUrl, PORTAL_KEY).post(`/api/portal/matters/${matterId}/viewer-token`), 'viewer token').body.token as string;
}

export const STEPS = ['login', 'identity', 'bankcard', 'entryCheck', 'todo', 'taskCheck', 'confirm'] as const;
export type Step = (typeof STEPS)[number];

/** A person who has done everything up to (not including) confirm; `confirm()` is the last step. */
export interface Prepared {
  confirm(): Promise<{ sentAt: number; answeredAt: number }>;
}

/**
 * login → identity → bank card → entry face check → to-do list and detail → task face check,
 * recording each step's duration into `timings`; returns the confirm step still to do.
 */
export async function prepare(
  baseUrl: string,
  who: ReturnType<typeof person>,
  matterId: string,
  timings?: Partial<Record<Step, number[]>>,
  afterStep?: (step: Step) => void,
): Promise<Prepared> {
  const record = async <T>(step: Step, fn: () => Promise<T>): Promise<T> => {
    const t = now();
    const v = await fn();
    (timings?.[step] ?? (timings ? (timings[step] = []) : [])).push(now() - t);
    afterStep?.(step);
    return v;
  };
  const token = await record(
    'login',
    async () =>
      ok(await apiClient(baseUrl).post('/api/mp/session', { platform: 'alipay', code: `code-${who.idNumber}` }), 'login', 201).body
        .token as string,
  );
  const api = apiClient(baseUrl, token);
  const { needsBankCard } = await record(
    'identity',
    async () => ok(await api.put('/api/mp/identity', { ...who, consentVersion: '2026-11' }), 'identity').body,
  );
  await record('bankcard', async () => {
    if (!needsBankCard) return;
    const res = ok(await api.post('/api/mp/bankcard-checks', { cardNumber: bankCard(), consentVersion: '2026-12' }), 'bankcard');
    if (res.body.passed !== true) throw new Error('bank card check did not pass');
  });
  const faceCheck = async (purpose: object) => {
    const started = ok(await api.post('/api/mp/verifications', { ...purpose, consentVersion: '2026-12' }), 'start verification', 201);
    ok(await api.post(`/api/sandbox/verifications/${started.body.id}/outcome`, { outcome: 'pass' }), 'sandbox outcome');
    const done = ok(await api.post(`/api/mp/verifications/${started.body.id}/complete`, {}), 'complete verification');
    if (done.body.status !== 'passed') throw new Error(`face check ${done.body.status}`);
    return started.body.id as string;
  };
  await record('entryCheck', () => faceCheck({ purpose: 'entry' }));
  const { taskId, digest } = await record('todo', async () => {
    const todos = ok(await api.get('/api/mp/todos'), 'todos').body.items as Array<{ taskId: string; matterId: string }>;
    const todo = todos.find((t) => t.matterId === matterId);
    if (!todo) throw new Error('no to-do for the matter');
    const detail = ok(await api.get(`/api/mp/todos/${todo.taskId}`), 'todo detail').body;
    return { taskId: todo.taskId, digest: detail.documentsDigest as string };
  });
  const verificationId = await record('taskCheck', () => faceCheck({ purpose: 'task', taskId }));
  return {
    confirm: async () => {
      const sentAt = now();
      const res = await api.post(`/api/mp/todos/${taskId}/confirm`, { verificationId, documentsDigest: digest, signature: SIGNATURE });
      const answeredAt = now();
      ok(res, 'confirm');
      if (res.body.status !== 'confirmed') throw new Error(`confirm: ${JSON.stringify(res.body)}`);
      if (timings) (timings.confirm ??= []).push(answeredAt - sentAt);
      afterStep?.('confirm');
      return { sentAt, answeredAt };
    },
  };
}
