/**
 * Replays and forgeries, in one place: what an attacker (or a confused client) could reuse, claim
 * or make up, and the refusal each one gets. Against the real app and database, sandbox provider.
 *
 * Elsewhere, because they test something else first:
 * - simultaneous confirmations with one verification, and retries of one confirmation with the same
 *   X-Request-Id: one confirmation, the rest 409 (`routes/api/mp.test.ts`, race tests);
 * - a failed face check stays failed whatever the simulated screen says afterwards (`mp.test.ts`);
 * - provider answers that name another attempt, another person (cert_hash) or another openid are
 *   `bad_response` (`providers/wechat/wechat.test.ts`); tampered or foreign-signed Alipay answers
 *   are refused (`providers/alipay/alipay.test.ts`, `providers/realProviders.test.ts`);
 * - a connected socket is dropped when its viewer token expires (`realtime/portalNamespace.test.ts`).
 */
import { SignJWT, UnsecuredJWT } from 'jose';
import { io as connect, type Socket } from 'socket.io-client';
import type { Services } from '../services';
import type { IdentityProvider } from '../providers/identity';
import { createViewerTokens } from './viewerTokens';
import { apiClient, operatorAuthorization } from '../../test/client';
import { openTestDatabase } from '../../test/database';
import { residentId, sha, signaturePng, type PersonSpec } from '../../test/factories';
import { expectError, portalFixtures, SandboxPerson } from '../../test/person';
import { startTestServer, type TestServer } from '../../test/server';
import { until } from '../../test/until';

const PORTAL_KEYS = 'demo:demo-portal-key,other:other-portal-key-123';
const OPERATOR_KEY = 'demo-operator-key';
const OPERATOR = operatorAuthorization('demo', OPERATOR_KEY);

let seq = 500;
const resident = (name = '张三'): PersonSpec => ({ name, idType: 'resident_id', idNumber: residentId(++seq) });
const hkPermitHolder = (name = '陈大文'): PersonSpec => ({ name, idType: 'hk_macau_permit', idNumber: `H${10_000_500 + ++seq}` });
const passportHolder = (name = '林华侨'): PersonSpec => ({ name, idType: 'passport', idNumber: `E${10_000_500 + ++seq}` });

const goodSignature = signaturePng();
const newDocuments = { documents: [{ name: '公司章程（修订）', sha256: sha('articles v2') }] };

describe('replay and forgery', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  const sockets: Socket[] = [];
  const { portal, register, view, pendingTask, confirm } = portalFixtures(
    () => server.url,
    () => resident(),
  );
  const otherTenant = () => apiClient(server.url, 'other-portal-key-123');

  /** A second server on the same database, configured (clock, services) otherwise; closed after `use`. */
  const withServer = async (options: Parameters<typeof startTestServer>[2], use: (other: TestServer) => Promise<void>) => {
    const other = await startTestServer(db.conn, { PORTAL_KEYS }, options);
    try {
      await use(other);
    } finally {
      await other.close();
    }
  };

  /** A portal-page socket with this viewer token: what it received, and its connect_error if refused. */
  const watch = (token: unknown) => {
    const socket: Socket = connect(`${server.url}/portal`, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    const received: unknown[] = [];
    socket.on('matter:snapshot', (v: unknown) => received.push(v));
    socket.on('matter:updated', (v: unknown) => received.push(v));
    const connectError = new Promise<{ message: string; data?: { code?: string } }>((resolve) => socket.on('connect_error', resolve));
    return { socket, received, connectError };
  };
  const viewerToken = async (matterId: string) =>
    (await portal().post(`/api/portal/matters/${matterId}/viewer-token`)).body.token as string;

  beforeAll(async () => {
    db = await openTestDatabase();
    server = await startTestServer(db.conn, { PORTAL_KEYS });
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.disconnect()));
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  describe('reuse of a passed verification', () => {
    /** One person with a task in each of two matters, and a task check passed for the first. */
    const passedForFirstOfTwo = async () => {
      const who = resident();
      const first = await register([who]);
      const second = await register([who]);
      const person = await new SandboxPerson(server.url, who).throughEntry();
      const firstTask = (await person.todoOf(first.id)).taskId;
      const secondTask = (await person.todoOf(second.id)).taskId;
      const verificationId = await person.passTaskCheck(firstTask);
      return { first, second, person, firstTask, secondTask, verificationId };
    };

    it('refuses the verification of another task of the same person → 409 verification_mismatch', async () => {
      const { second, person, secondTask, verificationId } = await passedForFirstOfTwo();
      const res = await confirm(person, secondTask, { verificationId, documentsDigest: second.documentsDigest, signature: goodSignature });
      expectError(res, 409, 'verification_mismatch');
    });

    it('refuses a verification passed in another session of the same person → 409 verification_mismatch', async () => {
      const { person, taskId, documentsDigest } = await pendingTask();
      const verificationId = await person.passTaskCheck(taskId);
      const otherSession = await new SandboxPerson(server.url, person.who).throughEntry();
      expectError(
        await confirm(otherSession, taskId, { verificationId, documentsDigest, signature: goodSignature }),
        409,
        'verification_mismatch',
      );
    });

    it("refuses one person's passed verification for another person's task → 409 verification_mismatch", async () => {
      const [a, b] = [resident('钱一'), resident('孙二')];
      const matter = await register([a, b]);
      const personA = await new SandboxPerson(server.url, a).throughEntry();
      const personB = await new SandboxPerson(server.url, b).throughEntry();
      const verificationOfA = await personA.passTaskCheck(matter.participants[0].taskId);
      const taskOfB = matter.participants[1].taskId;
      expectError(
        await confirm(personB, taskOfB, {
          verificationId: verificationOfA,
          documentsDigest: matter.documentsDigest,
          signature: goodSignature,
        }),
        409,
        'verification_mismatch',
      );
      // Nor can A use it on B's task: that task is not A's to see.
      expectError(
        await confirm(personA, taskOfB, {
          verificationId: verificationOfA,
          documentsDigest: matter.documentsDigest,
          signature: goodSignature,
        }),
        404,
        'not_found',
      );
      expect((await view(matter.id)).participants[1]).toMatchObject({ verify: 'pending', confirmedAt: null });
    });

    it('refuses the entry verification for a task → 409 verification_mismatch', async () => {
      const who = resident();
      const matter = await register([who]);
      const person = await new SandboxPerson(server.url, who).beforeEntry();
      const { id: entryVerificationId, result } = await person.faceCheck({ purpose: 'entry' });
      expect(result.status).toBe('passed');
      const { taskId } = await person.todoOf(matter.id);
      const res = await confirm(person, taskId, {
        verificationId: entryVerificationId,
        documentsDigest: matter.documentsDigest,
        signature: goodSignature,
      });
      expectError(res, 409, 'verification_mismatch');
    });

    it('refuses a verification already used for a confirmation, on a second matter → 409 verification_mismatch', async () => {
      const { first, second, person, firstTask, secondTask, verificationId } = await passedForFirstOfTwo();
      expect(
        (await confirm(person, firstTask, { verificationId, documentsDigest: first.documentsDigest, signature: goodSignature })).status,
      ).toBe(200);
      const res = await confirm(person, secondTask, { verificationId, documentsDigest: second.documentsDigest, signature: goodSignature });
      expectError(res, 409, 'verification_mismatch');
    });

    it('refuses a verification already used, on the same task after new documents → 409 verification_used', async () => {
      const { matter, person, taskId, documentsDigest } = await pendingTask();
      const verificationId = await person.passTaskCheck(taskId);
      expect((await confirm(person, taskId, { verificationId, documentsDigest, signature: goodSignature })).status).toBe(200);
      const replaced = await portal().put(`/api/portal/matters/${matter.id}/documents`, newDocuments);
      expect(replaced.status).toBe(200);
      const res = await confirm(person, taskId, {
        verificationId,
        documentsDigest: replaced.body.documentsDigest,
        signature: goodSignature,
      });
      expectError(res, 409, 'verification_used');
    });

    it('does not let a used check, completed again after new documents, show the task as verified again', async () => {
      const { matter, person, taskId, documentsDigest } = await pendingTask();
      const verificationId = await person.passTaskCheck(taskId);
      expect((await confirm(person, taskId, { verificationId, documentsDigest, signature: goodSignature })).status).toBe(200);
      expect((await portal().put(`/api/portal/matters/${matter.id}/documents`, newDocuments)).status).toBe(200);
      const before = await view(matter.id);
      expect(before.participants[0]).toMatchObject({ verify: 'pending', confirmedAt: null });

      expect((await person.api.post(`/api/mp/verifications/${verificationId}/complete`, {})).body).toEqual({ status: 'passed' });
      const after = await view(matter.id);
      expect(after.participants[0]).toMatchObject({ verify: 'pending' });
      expect(after.version).toBe(before.version);
    });

    it('does not let a passed check given for the old documents confirm the new ones, however often it is completed', async () => {
      const { matter, person, taskId } = await pendingTask();
      const verificationId = await person.passTaskCheck(taskId);
      const replaced = await portal().put(`/api/portal/matters/${matter.id}/documents`, newDocuments);
      expect(replaced.body.participants[0]).toMatchObject({ verify: 'pending' });

      expect((await person.api.post(`/api/mp/verifications/${verificationId}/complete`, {})).body).toEqual({ status: 'passed' });
      expect((await view(matter.id)).participants[0]).toMatchObject({ verify: 'pending' });
      const res = await confirm(person, taskId, {
        verificationId,
        documentsDigest: replaced.body.documentsDigest,
        signature: goodSignature,
      });
      expectError(res, 409, 'verification_mismatch');
      // A new check for the new documents does it.
      const fresh = await person.passTaskCheck(taskId);
      expect(
        (await confirm(person, taskId, { verificationId: fresh, documentsDigest: replaced.body.documentsDigest, signature: goodSignature }))
          .status,
      ).toBe(200);
    });

    it('does not let a check started for the old documents and passed after new ones verify the task', async () => {
      const { matter, person, taskId } = await pendingTask();
      const started = await person.api.post('/api/mp/verifications', { purpose: 'task', taskId, consentVersion: '2026-12' });
      expect(started.status).toBe(201);
      await person.api.post(`/api/sandbox/verifications/${started.body.id}/outcome`, { outcome: 'pass' });
      const replaced = await portal().put(`/api/portal/matters/${matter.id}/documents`, newDocuments);
      expect(replaced.status).toBe(200);

      expect((await person.api.post(`/api/mp/verifications/${started.body.id}/complete`, {})).body.status).toBe('passed');
      expect((await view(matter.id)).participants[0]).toMatchObject({ verify: 'pending' });
      const res = await confirm(person, taskId, {
        verificationId: started.body.id,
        documentsDigest: replaced.body.documentsDigest,
        signature: goodSignature,
      });
      expectError(res, 409, 'verification_mismatch');
    });

    it('refuses to start another check for a task already confirmed → 409 task_not_pending', async () => {
      const { person, taskId, documentsDigest } = await pendingTask();
      const verificationId = await person.passTaskCheck(taskId);
      expect((await confirm(person, taskId, { verificationId, documentsDigest, signature: goodSignature })).status).toBe(200);
      expectError(
        await person.api.post('/api/mp/verifications', { purpose: 'task', taskId, consentVersion: '2026-12' }),
        409,
        'task_not_pending',
      );
    });

    it('does not bring back an entry proof dropped by a new identity when the entry check is completed again', async () => {
      const who = resident();
      const person = await new SandboxPerson(server.url, who).beforeEntry();
      const { id } = await person.faceCheck({ purpose: 'entry' });
      expect((await person.api.get('/api/mp/todos')).status).toBe(200);
      // Another identity drops the proof; coming back to the first does not restore it…
      await person.api.put('/api/mp/identity', { ...resident('王五'), consentVersion: '2026-11' });
      await person.enterIdentity();
      expectError(await person.api.get('/api/mp/todos'), 403, 'entry_verification_required');
      // …nor does completing the old check again.
      expect((await person.api.post(`/api/mp/verifications/${id}/complete`, {})).body).toEqual({ status: 'passed' });
      expectError(await person.api.get('/api/mp/todos'), 403, 'entry_verification_required');
    });
  });

  describe('reuse of a provider reference', () => {
    it('refuses another session completing my verification → 404 not_found', async () => {
      const person = await new SandboxPerson(server.url, hkPermitHolder()).login();
      await person.enterIdentity();
      const started = await person.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' });
      await person.api.post(`/api/sandbox/verifications/${started.body.id}/outcome`, { outcome: 'pass' });
      const stranger = await new SandboxPerson(server.url, hkPermitHolder('何小明')).login();
      expectError(await stranger.api.post(`/api/mp/verifications/${started.body.id}/complete`, {}), 404, 'not_found');
      // Nor does it spoil the owner's answer.
      expect((await person.api.post(`/api/mp/verifications/${started.body.id}/complete`, {})).body.status).toBe('passed');
    });

    it('refuses a provider reference (certify id, verify id) the provider hands out a second time → 502 provider_error', async () => {
      // A provider (or someone in between) answering a new start with a reference it gave before.
      const reusing = (identity: IdentityProvider): IdentityProvider => ({
        ...identity,
        start: async (input) => ({ ...(await identity.start(input)), providerRef: 'sbx_handed-out-twice' }),
      });
      const everyPlatform = (s: Services): Services => ({
        ...s,
        platforms: Object.fromEntries(
          Object.entries(s.platforms).map(([p, providers]) => [p, { ...providers, identity: reusing(providers!.identity) }]),
        ),
      });
      await withServer({ services: everyPlatform }, async (other) => {
        const first = await new SandboxPerson(other.url, hkPermitHolder()).login();
        await first.enterIdentity();
        const started = await first.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' });
        expect(started.status).toBe(201);
        await first.api.post(`/api/sandbox/verifications/${started.body.id}/outcome`, { outcome: 'pass' });

        for (const who of [first.who, hkPermitHolder('何小明')]) {
          const person = who === first.who ? first : await new SandboxPerson(other.url, who).login();
          if (person !== first) await person.enterIdentity();
          expectError(
            await person.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' }),
            502,
            'provider_error',
          );
        }
        expect(await other.services.models.Verification.countDocuments({ providerRef: 'sbx_handed-out-twice' })).toBe(1);
        // The first attempt keeps its own result, for its own session only.
        expect((await first.api.post(`/api/mp/verifications/${started.body.id}/complete`, {})).body.status).toBe('passed');
      });
    });
  });

  describe('a session token after logout and after expiry', () => {
    it('refuses a session token after logout → 401 unauthorized, everywhere and for good', async () => {
      const { person, taskId, documentsDigest } = await pendingTask();
      const sameUser = await new SandboxPerson(server.url, person.who, person.code).throughEntry();
      const verificationId = await person.passTaskCheck(taskId);

      const res = await person.api.post('/api/mp/session/logout', {});
      expect(res).toMatchObject({ status: 200, body: { status: 'logged_out' } });
      expectError(await person.api.get('/api/mp/todos'), 401, 'unauthorized');
      expectError(await person.api.put('/api/mp/identity', { ...person.who, consentVersion: '2026-11' }), 401, 'unauthorized');
      expectError(await person.api.post(`/api/mp/verifications/${verificationId}/complete`, {}), 401, 'unauthorized');
      expectError(await confirm(person, taskId, { verificationId, documentsDigest, signature: goodSignature }), 401, 'unauthorized');
      expectError(await person.api.post('/api/mp/session/logout', {}), 401, 'unauthorized');
      // Gone with it: the session and the identity it held.
      const { sessionId } = (await server.services.models.Verification.findById(verificationId).lean())!;
      expect(await server.services.models.Session.exists({ _id: sessionId })).toBeNull();
      // Another session of the same platform user is not logged out.
      expect((await sameUser.api.get('/api/mp/todos')).status).toBe(200);
    });

    it('refuses an expired session → 401 unauthorized', async () => {
      const person = await new SandboxPerson(server.url, resident()).login();
      await withServer({ now: () => new Date(Date.now() + 3 * 3600_000) }, async (later) => {
        expectError(await apiClient(later.url, person.token).get('/api/mp/todos'), 401, 'unauthorized');
      });
    });
  });

  describe('a pass the client claims', () => {
    it('answers pending when no outcome is known yet, whatever the client claims', async () => {
      const person = await new SandboxPerson(server.url, hkPermitHolder()).login();
      await person.enterIdentity();
      const started = await person.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' });
      const res = await person.api.post(`/api/mp/verifications/${started.body.id}/complete`, { status: 'passed' });
      expect(res).toMatchObject({ status: 200, body: { status: 'pending' } });
      expectError(await person.api.get('/api/mp/todos'), 403, 'entry_verification_required');
    });

    it('refuses a client-claimed pass: a made-up verificationId → 409 verification_mismatch', async () => {
      const { person, taskId, documentsDigest } = await pendingTask();
      expectError(
        await confirm(person, taskId, { verificationId: 'made-up-verification', documentsDigest, signature: goodSignature, passed: true }),
        409,
        'verification_mismatch',
      );
    });

    it('refuses a client-claimed pass: a check whose result the server never fetched → 409 verification_not_passed', async () => {
      const { person, taskId, documentsDigest } = await pendingTask();
      const started = await person.api.post('/api/mp/verifications', { purpose: 'task', taskId, consentVersion: '2026-12' });
      expect(started.status).toBe(201);
      // The face screen said "pass", but nobody asked the provider through /complete.
      await person.api.post(`/api/sandbox/verifications/${started.body.id}/outcome`, { outcome: 'pass' });
      expectError(
        await confirm(person, taskId, { verificationId: started.body.id, documentsDigest, signature: goodSignature }),
        409,
        'verification_not_passed',
      );
    });
  });

  describe('a forged viewer token', () => {
    it.each([
      ['a garbage token', async () => 'not-a-token'],
      ['no token at all', async () => ''],
      ['a token that is not a string', async () => ({ sub: 'matter' })],
      [
        'a token signed with another secret',
        async (matterId: string) => (await createViewerTokens('x'.repeat(40), 900).issue({ matterId, tenant: 'demo' })).token,
      ],
      [
        'an unsigned token (alg none)',
        async (matterId: string) =>
          new UnsecuredJWT({ tenant: 'demo' })
            .setSubject(matterId)
            .setAudience('regverify:portal-viewer')
            .setIssuer('regverify')
            .setIssuedAt()
            .setExpirationTime('15m')
            .encode(),
      ],
      [
        'a token of another matter with its matter id changed',
        async (matterId: string, otherMatterId: string) => {
          const [header, payload, signature] = (await viewerToken(otherMatterId)).split('.');
          const claims = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: matterId };
          return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
        },
      ],
      [
        'a token signed with the right secret but another algorithm (HS512)',
        async (matterId: string) =>
          new SignJWT({ tenant: 'demo' })
            .setProtectedHeader({ alg: 'HS512' })
            .setSubject(matterId)
            .setAudience('regverify:portal-viewer')
            .setIssuer('regverify')
            .setIssuedAt()
            .setExpirationTime('15m')
            .sign(new TextEncoder().encode(server.config.TOKEN_SECRET)),
      ],
    ])('refuses %s with connect_error unauthorized', async (_label, makeToken) => {
      const matter = await register([resident()]);
      const otherMatter = await register([resident()]);
      const w = watch(await makeToken(matter.id, otherMatter.id));
      const err = await w.connectError;
      expect(err.data?.code).toBe('unauthorized');
      expect(w.received).toEqual([]);
    });

    it("refuses another tenant's token for a matter, like a missing matter", async () => {
      const matter = await register([resident()]);
      const foreign = await createViewerTokens(server.config.TOKEN_SECRET, 900).issue({ matterId: matter.id, tenant: 'other' });
      const w = watch(foreign.token);
      await until(() => w.socket.disconnected && !w.socket.active, 'the disconnect');
      expect(w.received).toEqual([]);
    });
  });

  describe('an expired viewer token', () => {
    it('refuses an expired token at the handshake with connect_error unauthorized', async () => {
      const matter = await register([resident()]);
      const issuedAnHourAgo = createViewerTokens(server.config.TOKEN_SECRET, 60, () => new Date(Date.now() - 3_600_000));
      const w = watch((await issuedAnHourAgo.issue({ matterId: matter.id, tenant: 'demo' })).token);
      const err = await w.connectError;
      expect(err.data?.code).toBe('unauthorized');
      expect(w.received).toEqual([]);
    });
  });

  describe("another tenant's portal key", () => {
    it('reads and changes nothing of the matter: 404 everywhere, exactly as for a missing matter', async () => {
      const who = resident();
      const matter = await register([who]);
      await (await new SandboxPerson(server.url, who).throughEntry()).confirm(matter.id);
      const before = await view(matter.id);
      const taskId = matter.participants[0].taskId;
      const missing = await otherTenant().get('/api/portal/matters/no-such-matter');

      const answers = [
        await otherTenant().get(`/api/portal/matters/${matter.id}`),
        await otherTenant().put(`/api/portal/matters/${matter.id}/documents`, newDocuments),
        await otherTenant().post(`/api/portal/matters/${matter.id}/viewer-token`),
        await otherTenant().post(`/api/portal/matters/${matter.id}/submit`),
        await otherTenant().delete(`/api/portal/matters/${matter.id}`),
        await otherTenant().post(`/api/portal/matters/${matter.id}/redact`),
        await otherTenant().get(`/api/portal/matters/${matter.id}/tasks/${taskId}/signature`),
      ];
      for (const answer of answers) {
        expectError(answer, 404, 'not_found');
        expect(answer.body).toEqual(missing.body);
      }
      expect(await view(matter.id)).toEqual(before);
      expect((await portal().get(`/api/portal/matters/${matter.id}/tasks/${taskId}/signature`)).status).toBe(200);
    });
  });

  describe('operator endpoints', () => {
    it('refuses a review decision without the operator key or with any other → 401 unauthorized, and nothing changes', async () => {
      const matter = await register([passportHolder()]);
      const taskId = matter.participants[0].taskId;
      const session = await new SandboxPerson(server.url, resident()).login();
      const review = (authorization: string | null) =>
        apiClient(server.url)
          .raw(`/api/operator/tasks/${taskId}/review`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(authorization === null ? {} : { authorization }) },
            body: JSON.stringify({ decision: 'approved' }),
          })
          .then(async (res) => ({ status: res.status, body: await res.json(), headers: res.headers }));

      for (const authorization of [
        null,
        '',
        'Bearer wrong-operator-key',
        `Bearer ${OPERATOR_KEY}x`,
        `Bearer ${OPERATOR_KEY.toUpperCase()}`,
        `Bearer ${OPERATOR_KEY}`,
        operatorAuthorization('demo', 'wrong-secret'),
        operatorAuthorization('nobody', OPERATOR_KEY),
        operatorAuthorization('demo', `${OPERATOR_KEY} `),
        OPERATOR.replace('Basic ', 'Bearer '),
        OPERATOR_KEY,
        'Bearer demo-portal-key',
        `Bearer ${session.token}`,
      ]) {
        const res = await review(authorization);
        expect({ authorization, status: res.status, code: res.body.error?.code }).toEqual({
          authorization,
          status: 401,
          code: 'unauthorized',
        });
      }
      // And the operator key opens nothing of the portal API.
      expectError(await apiClient(server.url, OPERATOR).get(`/api/portal/matters/${matter.id}`), 401, 'unauthorized');
      expect((await view(matter.id)).participants[0]).toMatchObject({ verify: 'manual_review', review: 'pending', confirmedAt: null });
      // The right key decides.
      expect((await review(OPERATOR)).status).toBe(200);
    });
  });
});
