import { expect } from '@jest/globals';
import type { IdType } from '@regverify/shared';
import { apiClient, type Answer, type ApiClient } from './client';
import { bankCard, matterRequest, signaturePng, type PersonSpec } from './factories';

/** Any Chinese character: every error message people read is written in Chinese. */
export const CHINESE = /[\u4e00-\u9fff]/;

/**
 * Asserts the error envelope of an answer: its HTTP status, its stable `error.code`, and a Chinese
 * `error.message`. Returns the error for further checks of its `details`.
 */
export function expectError(res: Answer, status: number, code: string): { code: string; message: string; details?: any } {
  // Status and code side by side, so that a failure shows both at once.
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  expect(res.body.error.message).toMatch(CHINESE);
  return res.body.error;
}

/**
 * One person going through the mini-program with the sandbox provider, step by step, each step
 * asserting its own success. Tests of failure modes call the API directly instead.
 */
export class SandboxPerson {
  api!: ApiClient;
  token!: string;

  constructor(
    readonly baseUrl: string,
    readonly who: { name: string; idType: IdType; idNumber: string },
    readonly code = `code-${who.idNumber}`,
  ) {}

  async login(platform: 'alipay' | 'weapp' | 'h5' = 'alipay'): Promise<this> {
    const res = await apiClient(this.baseUrl).post('/api/mp/session', { platform, code: this.code });
    expect(res.status).toBe(201);
    this.token = res.body.token;
    this.api = apiClient(this.baseUrl, this.token);
    return this;
  }

  async enterIdentity(): Promise<{ needsBankCard: boolean }> {
    const res = await this.api.put('/api/mp/identity', { ...this.who, consentVersion: '2026-11' });
    expect(res.status).toBe(200);
    return res.body;
  }

  async passBankCard(): Promise<void> {
    const res = await this.api.post('/api/mp/bankcard-checks', { cardNumber: bankCard(), consentVersion: '2026-12' });
    expect(res.body).toEqual({ passed: true });
  }

  /** Starts a face check, lets the simulated face screen choose the outcome, and asks for the result. */
  async faceCheck(purpose: { purpose: 'entry' } | { purpose: 'task'; taskId: string }, outcome: 'pass' | 'fail' = 'pass') {
    const started = await this.api.post('/api/mp/verifications', { ...purpose, consentVersion: '2026-12' });
    expect(started.status).toBe(201);
    const chosen = await this.api.post(`/api/sandbox/verifications/${started.body.id}/outcome`, { outcome });
    expect(chosen.status).toBe(200);
    const done = await this.api.post(`/api/mp/verifications/${started.body.id}/complete`, {});
    expect(done.status).toBe(200);
    return { id: started.body.id as string, result: done.body as { status: string; reason?: string; facePicture?: string } };
  }

  /** Login, identity and bank card where needed: everything before the entry face check. */
  async beforeEntry(): Promise<this> {
    await this.login();
    const { needsBankCard } = await this.enterIdentity();
    if (needsBankCard) await this.passBankCard();
    return this;
  }

  /** Login, identity, bank card where needed, entry face check. */
  async throughEntry(): Promise<this> {
    await this.login();
    const { needsBankCard } = await this.enterIdentity();
    if (needsBankCard) await this.passBankCard();
    const { result } = await this.faceCheck({ purpose: 'entry' });
    expect(result.status).toBe('passed');
    return this;
  }

  async todos(): Promise<Array<{ taskId: string; matterId: string; status: string }>> {
    const res = await this.api.get('/api/mp/todos');
    expect(res.status).toBe(200);
    return res.body.items;
  }

  /** This person's to-do item of a matter (asserting there is one). */
  async todoOf(matterId: string): Promise<{ taskId: string; matterId: string; status: string }> {
    const todo = (await this.todos()).find((t) => t.matterId === matterId);
    expect(todo).toBeDefined();
    return todo!;
  }

  /** The to-do detail (documents and the digest to confirm). */
  async detail(taskId: string): Promise<{ documentsDigest: string; status: string; verificationId: string | null } & Record<string, any>> {
    const res = await this.api.get(`/api/mp/todos/${taskId}`);
    expect(res.status).toBe(200);
    return res.body;
  }

  /** A task face check that passes; returns the verification id to confirm with. */
  async passTaskCheck(taskId: string): Promise<string> {
    const { id, result } = await this.faceCheck({ purpose: 'task', taskId });
    expect(result.status).toBe('passed');
    return id;
  }

  /** Detail → task face check → confirm with a signature, for the task of this matter. */
  async confirm(matterId: string): Promise<void> {
    const todo = (await this.todos()).find((t) => t.matterId === matterId);
    expect(todo).toBeDefined();
    await this.confirmTask(todo!.taskId);
  }

  /** Detail → task face check → confirm with a signature, for one task (a person may have several in a matter). */
  async confirmTask(taskId: string): Promise<void> {
    const detail = await this.api.get(`/api/mp/todos/${taskId}`);
    expect(detail.status).toBe(200);
    const { id } = await this.faceCheck({ purpose: 'task', taskId });
    const res = await this.api.post(`/api/mp/todos/${taskId}/confirm`, {
      verificationId: id,
      documentsDigest: detail.body.documentsDigest,
      signature: signaturePng(),
    });
    expect(res.body).toEqual({ status: 'confirmed' });
  }
}

/**
 * The portal side of mini-program tests against one server (`url` is read when called, so it can be
 * set up in `beforeAll`): register a matter, read its view, and a person with one pending task.
 */
export function portalFixtures(url: () => string, newPerson: () => PersonSpec, portalKey = 'demo-portal-key') {
  const portal = () => apiClient(url(), portalKey);
  /** Registers a matter for these people and returns its view. */
  const register = async (people: PersonSpec[]) => {
    const res = await portal().post('/api/portal/matters', matterRequest(people));
    expect(res.status).toBe(201);
    return res.body.matter;
  };
  const view = async (matterId: string) => (await portal().get(`/api/portal/matters/${matterId}`)).body;
  /** A fresh person through entry, with one pending task of a fresh matter and its current digest. */
  const pendingTask = async (who: PersonSpec = newPerson()) => {
    const matter = await register([who]);
    const person = await new SandboxPerson(url(), who).throughEntry();
    const { taskId } = await person.todoOf(matter.id);
    const { documentsDigest } = await person.detail(taskId);
    return { matter, person, taskId, documentsDigest };
  };
  const confirm = (person: SandboxPerson, taskId: string, body: Record<string, unknown>) =>
    person.api.post(`/api/mp/todos/${taskId}/confirm`, body);
  return { portal, register, view, pendingTask, confirm };
}
