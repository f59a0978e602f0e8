/**
 * Property-based fuzzing of the whole HTTP API with fast-check, against the real app and the real
 * database. The operations come from the OpenAPI document the server serves, so a new endpoint is
 * fuzzed without touching this file. Each run sends a batch of requests at once; every answer must
 * pass `problemsOf` (no 5xx, the error envelope exactly, a known code, a Chinese message, no stack
 * trace, nothing personal echoed). Figures are printed at the end.
 *
 *   FUZZ_SEED=<n>  another seed (the default is fixed, so runs are reproducible)
 *   FUZZ_RUNS=<n>  number of batches (default 2600 × 4 requests)
 */
import http from 'node:http';
import fc from 'fast-check';
import { apiClient, operatorAuthorization } from '../../../test/client';
import { openTestDatabase } from '../../../test/database';
import { bankCard, matterRequest, pngDeclaring, residentId, signaturePng, type PersonSpec } from '../../../test/factories';
import { bodyLimits } from '../mount';
import { ROUTES } from '../table';
import { SandboxPerson } from '../../../test/person';
import { startTestServer, type TestServer } from '../../../test/server';
import {
  arbitraryOf,
  breakage,
  breakOneField,
  Figures,
  gzip,
  invalidJsonText,
  oddString,
  operationsOf,
  problemsOf,
  undeclaredAnswer,
  secretsOf,
  send,
  sendBytes,
  type Breakage,
  type Operation,
  type RawAnswer,
  type RawRequest,
} from '../../../test/fuzzKit';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_106);
const RUNS = Number(process.env.FUZZ_RUNS ?? 2600);
const BATCH = 4;

const PORTAL_KEY = 'demo-portal-key';
const OTHER_TENANT_KEY = 'other-tenant-portal-key-01';
const OPERATOR_KEY = operatorAuthorization();
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
/** The concrete paths of an operation's template (one segment per parameter). */
const opPattern = (op: Operation) => new RegExp(`^${op.path.replace(/\{\w+\}/g, '[^/]+')}$`);
/** Routes whose body may exceed BODY_LIMIT_KB (the signature route), from the route table. */
const LARGER_BODIES = bodyLimits(ROUTES);
/** Endpoints that use up the session they are called with (a new identity, a logout): given the spare one. */
const SPENDS_SESSION = new Set(['/api/mp/identity', '/api/mp/session/logout']);

const residentA: PersonSpec = { name: '张三丰', idType: 'resident_id', idNumber: residentId(801) };
const permitHolder: PersonSpec = { name: '陈大文', idType: 'hk_macau_permit', idNumber: 'H10000801', actions: ['sign'] };
const passportHolder: PersonSpec = { name: '林华侨', idType: 'passport', idNumber: 'E10000801' };

type AuthChoice =
  | 'right'
  | 'rightFresh'
  | 'none'
  | 'portal'
  | 'otherTenant'
  | 'session'
  | 'operator'
  | 'garbage'
  | 'oversized'
  | 'odd'
  | 'scheme'
  | 'twice';

type BodyPlan =
  | { kind: 'none' }
  /** JSON bodies travel as text (a value 2000 arrays deep would overflow fast-check's printer), with their secrets. */
  | { kind: 'valid' | 'broken' | 'random' | 'signature'; text: string; secrets: string[]; chunked: boolean; aim?: Param[] }
  | { kind: 'invalid'; text: string }
  | { kind: 'huge'; size: number; chunked: boolean }
  | { kind: 'gzipBomb'; size: number };

/** A thing of the pool, by kind and index (resolved when sent: the pool is renewed as fuzzed requests use it up). */
type Ref = 'matter' | 'task' | 'verification' | 'digest' | 'signOnlyTask' | 'signOnlyDigest';
type Param = { value: string; raw: boolean } | { ref: Ref; index: number };

/** How a pool reference is written inside a generated body, until it is sent. */
const placeholder = (ref: Ref, index: number) => `@pool:${ref}:${index}@`;

interface Plan {
  op: Operation;
  method: string;
  params: Param[];
  query: string;
  auth: AuthChoice;
  contentType: string | null;
  headers: Record<string, string>;
  body: BodyPlan;
}

/** Percent-encodes every byte outside the unreserved set (lone surrogates become U+FFFD). */
const encodeSegment = (s: string) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');

describe('API fuzzing (fast-check)', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  let ops: Operation[];
  const figures = new Figures();
  let agent: http.Agent;

  /**
   * Real things to aim at, so that fuzzed requests get past authentication and lookups: a person
   * through the entry check (`entry`), one only logged in (`fresh`), matters of both tenants, a
   * passed and a pending task check. Fuzzed requests cancel, submit, redact and log out what they
   * hit, so the matters and checks are renewed every `RENEW_EVERY` runs, the sessions when refused.
   */
  const pool = {
    entry: undefined as unknown as SandboxPerson,
    fresh: undefined as unknown as SandboxPerson,
    refs: { matter: [], task: [], verification: [], digest: [], signOnlyTask: [], signOnlyDigest: [] } as Record<Ref, string[]>,
  };
  const RENEW_EVERY = 100;
  const stale = new Set<'entry' | 'fresh'>();
  const housekeeping = { renewals: 0, sessions: 0, ms: 0 };
  const pastAuth = new Map<string, number>();
  let fixed: { cancelled: { id: string; task: string }; foreign: { id: string; task: string } };

  const register = async (people: PersonSpec[], key = PORTAL_KEY) => {
    const res = await apiClient(server.url, key).post('/api/portal/matters', matterRequest(people));
    expect(res.status).toBe(201);
    return res.body.matter as { id: string; documentsDigest: string; participants: Array<{ taskId: string }> };
  };

  /**
   * A new person through the entry check, with new matters, a task check passed (unused) and one
   * pending. A new person each time keeps their to-do list short.
   */
  async function renewFixtures(): Promise<void> {
    const person: PersonSpec = { name: '张三丰', idType: 'resident_id', idNumber: residentId(900 + housekeeping.renewals) };
    pool.entry = await new SandboxPerson(server.url, person).throughEntry();
    const first = await register([person, permitHolder, passportHolder]);
    const signOnly = await register([{ ...person, actions: ['sign'] }]);
    const taskId = first.participants[0].taskId;
    const passed = await pool.entry.passTaskCheck(taskId);
    const pending = (await pool.entry.api.post('/api/mp/verifications', { purpose: 'task', taskId, consentVersion: '2026-12' })).body
      .id as string;
    pool.refs = {
      matter: [first.id, signOnly.id, fixed.cancelled.id, fixed.foreign.id, '0'.repeat(32)],
      task: [
        ...first.participants.map((p) => p.taskId),
        signOnly.participants[0].taskId,
        fixed.cancelled.task,
        fixed.foreign.task,
        'f'.repeat(32),
      ],
      verification: [passed, pending],
      digest: [first.documentsDigest, signOnly.documentsDigest],
      signOnlyTask: [signOnly.participants[0].taskId],
      signOnlyDigest: [signOnly.documentsDigest],
    };
  }

  /** Brings back what fuzzed requests used up: a logged-out or stripped session; every so often, the matters. */
  async function housekeep(run: number): Promise<void> {
    const started = Date.now();
    if (stale.size) housekeeping.sessions++;
    if (stale.delete('entry')) pool.entry = await new SandboxPerson(server.url, pool.entry.who).throughEntry();
    if (stale.delete('fresh')) pool.fresh = await new SandboxPerson(server.url, pool.fresh.who).login();
    if (run % RENEW_EVERY === RENEW_EVERY - 1) {
      housekeeping.renewals++;
      await renewFixtures();
    }
    housekeeping.ms += Date.now() - started;
  }

  beforeAll(async () => {
    db = await openTestDatabase();
    server = await startTestServer(db.conn, { PORTAL_KEYS: `demo:${PORTAL_KEY},other:${OTHER_TENANT_KEY}` });
    agent = new http.Agent({ keepAlive: true, maxSockets: BATCH + 2 });
    ops = operationsOf((await apiClient(server.url).get('/api/openapi.json')).body);
    // A segment may hit a real path (`/api/openapi.json`): its 200 is declared too.
    const unknownAnswers = new Map([
      ['404', ['not_found']],
      ['200', []],
    ]);
    ops.push({
      key: 'GET (unknown route)',
      method: 'GET',
      path: '/api/{unknown}',
      params: ['unknown'],
      auth: null,
      body: null,
      answers: unknownAnswers,
    });

    const cancelled = await register([residentA]);
    expect((await apiClient(server.url, PORTAL_KEY).delete(`/api/portal/matters/${cancelled.id}`)).status).toBe(200);
    const foreign = await register([residentA], OTHER_TENANT_KEY);
    fixed = {
      cancelled: { id: cancelled.id, task: cancelled.participants[0].taskId },
      foreign: { id: foreign.id, task: foreign.participants[0].taskId },
    };
    pool.fresh = await new SandboxPerson(server.url, { name: '王小二', idType: 'resident_id', idNumber: residentId(799) }).login();
    await renewFixtures();
  });

  afterAll(async () => {
    agent?.destroy();
    await server?.close();
    await db?.drop();
  });

  // -------------------------------------------------------------------------------------------
  // Arbitraries that need the pool

  const RAW_SEGMENTS = [
    '%',
    '%zz',
    '%E0%A4%A',
    '%00',
    '..',
    '.',
    '%2F',
    '%2e%2e',
    '%C0%AF',
    'a%2Fb',
    '%ED%A0%80',
    '%FF%FE',
    '%u4e2d',
    '*',
    ';',
    ':',
    '@',
  ];

  const refArb = (...refs: Ref[]) => fc.record({ ref: fc.constantFrom(...refs), index: fc.nat(15) });

  function paramArb(name: string): fc.Arbitrary<Param> {
    const refs: Ref[] = name === 'taskId' ? ['task'] : name === 'id' ? ['matter', 'verification'] : ['matter', 'task', 'verification'];
    return fc.oneof(
      { weight: 8, arbitrary: refArb(...refs) },
      { weight: 2, arbitrary: oddString.filter((s) => s.length > 0).map((value) => ({ value, raw: false })) },
      { weight: 1, arbitrary: fc.string({ minLength: 65, maxLength: 3000 }).map((value) => ({ value, raw: false })) },
      { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS).map((value) => ({ value, raw: true })) },
    );
  }

  const queryArb: fc.Arbitrary<string> = fc.oneof(
    { weight: 12, arbitrary: fc.constant('') },
    {
      weight: 2,
      arbitrary: fc
        .dictionary(
          oddString.filter((s) => s.length > 0),
          oddString,
          { maxKeys: 4 },
        )
        .map(
          (q) =>
            '?' +
            Object.entries(q)
              .map(([k, v]) => `${encodeSegment(k)}=${encodeSegment(v)}`)
              .join('&'),
        ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '?__proto__[polluted]=1',
        '?constructor[prototype][polluted]=1',
        '?a=1&a=2&a=3',
        '?%zz=%E0%A4%A',
        `?x=${'y'.repeat(8000)}`,
        '?&&&==',
        '?page=-1&limit=1e9',
        '?token=' + PORTAL_KEY,
      ),
    },
  );

  const AUTH_CHOICES: AuthChoice[] = [
    'none',
    'portal',
    'otherTenant',
    'session',
    'operator',
    'garbage',
    'oversized',
    'odd',
    'scheme',
    'twice',
    'rightFresh',
  ];
  const authArb: fc.Arbitrary<AuthChoice> = fc.oneof(
    { weight: 12, arbitrary: fc.constant<AuthChoice>('right') },
    { weight: 8, arbitrary: fc.constantFrom(...AUTH_CHOICES) },
  );

  const contentTypeArb: fc.Arbitrary<string | null> = fc.oneof(
    { weight: 16, arbitrary: fc.constant('application/json') },
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        null,
        'application/json; charset=utf-8',
        'application/json; charset=utf-16le',
        'application/json; charset=koi8-r',
        'application/json; charset=no-such-charset',
        'application/vnd.api+json',
        'application/merge-patch+json',
        'text/plain',
        'text/html; charset=gbk',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=----fuzz',
        'application/xml',
        '',
        ';;;',
        'application/json;;;; q=0',
        `application/json; x=${'a'.repeat(4000)}`,
        '*/*',
      ),
    },
  );

  /** Any value HTTP lets through: tabs, printable ASCII and Latin-1 bytes. */
  const headerValue = fc.string({ unit: 'binary', maxLength: 200 }).map((s) => s.replace(/[^\t\x20-\x7e\x80-\xff]/g, '').trim());
  const headersArb: fc.Arbitrary<Record<string, string>> = fc
    .record(
      {
        'x-request-id': fc.oneof(fc.constant('fuzz-fixed-request-0001'), headerValue, fc.stringMatching(/^[A-Za-z0-9-]{8,64}$/)),
        accept: fc.constantFrom('*/*', 'text/html', 'application/xml', 'image/png', ';;', 'application/json; q=0'),
        'x-forwarded-for': fc.constantFrom('1.2.3.4', '::1, 10.0.0.1', 'garbage', 'a'.repeat(2000)),
        cookie: fc.constantFrom('a=b', `session=${'x'.repeat(3000)}`, '=;=;'),
        'content-encoding': fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-bogus'),
        'x-fuzz': headerValue,
      },
      { requiredKeys: [] },
    )
    .map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)) as Record<string, string>);

  /** Well-formed bodies per operation, from the pool where ids are needed; the schema for the rest. */
  function validBodyArb(op: Operation): fc.Arbitrary<unknown> {
    const person = fc.record({
      n: fc.integer({ min: 1, max: 999 }),
      name: fc.constantFrom('张三', '李四', '欧阳娜娜', '阿卜杜·热合曼'),
      actions: fc.constantFrom<Array<'verify' | 'sign'>>(['verify', 'sign'], ['sign'], ['verify']),
    });
    const documents = fc.array(
      fc.record({ name: fc.constantFrom('公司章程', '公司登记（备案）申请书', '股东会决议'), sha256: fc.stringMatching(/^[0-9a-f]{64}$/) }),
      { minLength: 1, maxLength: 3 },
    );
    const byKey: Record<string, fc.Arbitrary<unknown>> = {
      'POST /api/portal/matters': fc
        .uniqueArray(person, { minLength: 1, maxLength: 3, selector: (p) => p.n })
        .map((people) =>
          matterRequest(
            people.map((p) => ({ name: p.name, idType: 'resident_id' as const, idNumber: residentId(p.n), actions: p.actions })),
          ),
        ),
      'PUT /api/portal/matters/{id}/documents': documents.map((d) => ({ documents: d })),
      'POST /api/mp/session': fc.record({
        platform: fc.constantFrom('alipay', 'weapp', 'h5'),
        code: fc.string({ minLength: 1, maxLength: 40 }),
      }),
      'PUT /api/mp/identity': person.map((p) => ({
        name: p.name,
        idType: 'resident_id',
        idNumber: residentId(p.n),
        consentVersion: '2026-11',
      })),
      'POST /api/mp/identity/prefill': fc.record({ authCode: fc.string({ minLength: 1, maxLength: 40 }) }),
      'POST /api/mp/bankcard-checks': fc.record(
        { cardNumber: fc.constantFrom(bankCard(), bankCard(true)), phone: fc.constantFrom('13800138000', '15912345678') },
        { requiredKeys: ['cardNumber'] },
      ),
      'POST /api/mp/verifications': fc.oneof(
        fc.constant({ purpose: 'entry' }),
        fc.nat(15).map((i) => ({ purpose: 'task', taskId: placeholder('task', i) })),
      ),
      'POST /api/mp/todos/{taskId}/confirm': fc.record(
        {
          verificationId: fc.nat(15).map((i) => placeholder('verification', i)),
          documentsDigest: fc.nat(15).map((i) => placeholder('digest', i)),
          signature: fc.constant(GOOD_SIGNATURE),
        },
        { requiredKeys: ['documentsDigest'] },
      ),
      'POST /api/sandbox/verifications/{id}/outcome': fc.record(
        { outcome: fc.constantFrom('pass', 'fail'), reason: fc.string({ maxLength: 50 }) },
        { requiredKeys: ['outcome'] },
      ),
      'POST /api/operator/tasks/{taskId}/review': fc.record(
        { decision: fc.constantFrom('approved', 'refused') },
        { requiredKeys: ['decision'] },
      ),
      'PUT /api/portal/callback': fc.stringMatching(/^[a-f0-9]{8}$/).map((s) => ({ url: `https://portal.example.test/callbacks/${s}` })),
    };
    return byKey[op.key] ?? (op.body ? arbitraryOf(op.body) : fc.constant({}));
  }

  const GOOD_SIGNATURE = signaturePng();
  const b64 = (b: Buffer) => `data:image/png;base64,${b.toString('base64')}`;
  const ODD_SIGNATURES = [
    b64(pngDeclaring(20_000, 20_000, 16)), // a decompression bomb: 1.6 GB declared
    b64(pngDeclaring(3001, 40)),
    b64(pngDeclaring(1, 1)),
    b64(Buffer.from('GIF89a not a png')),
    b64(pngDeclaring(300, 120).subarray(0, 60)), // truncated
    signaturePng(300, 120, true, [255, 255, 255, 255]), // blank
    'data:image/png;base64,' + 'A'.repeat(40_000),
    'data:image/png;base64,' + 'QUJD'.repeat(80_000), // over the body limit
    'data:image/png;base64,AAAA\nBBBB',
    'data:image/png;base64,',
    'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=',
    'data:image/png,not-base64',
  ];

  function bodyArb(op: Operation): fc.Arbitrary<BodyPlan> {
    const valid = validBodyArb(op);
    const json = (kind: 'valid' | 'broken' | 'random' | 'signature', value: unknown, chunked: boolean): BodyPlan => ({
      kind,
      text: JSON.stringify(value) ?? 'null',
      secrets: secretsOf(value, undefined),
      chunked,
    });
    const chunked = fc.integer({ min: 0, max: 4 }).map((n) => n === 0);
    const arbs: Array<fc.WeightedArbitrary<BodyPlan>> = [
      { weight: 10, arbitrary: fc.constant({ kind: 'none' }) },
      { weight: 20, arbitrary: fc.tuple(fc.jsonValue(), chunked).map(([v, c]) => json('random', v, c)) },
      { weight: 20, arbitrary: fc.tuple(valid, chunked).map(([v, c]) => json('valid', v, c)) },
      {
        weight: 60,
        arbitrary: fc
          .tuple(valid, fc.nat(), breakage, chunked)
          .map(([v, pick, b, c]: [unknown, number, Breakage, boolean]) => json('broken', breakOneField(v, pick, b), c)),
      },
      { weight: 10, arbitrary: invalidJsonText.map((text) => ({ kind: 'invalid' as const, text })) },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant('huge' as const),
          size: fc.integer({ min: 70_000, max: 3_000_000 }),
          chunked: fc.boolean(),
        }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('gzipBomb' as const), size: fc.integer({ min: 100_000, max: 20_000_000 }) }) },
    ];
    if (op.body?.properties?.signature) {
      arbs.push({
        weight: 80,
        arbitrary: fc
          .tuple(valid, fc.constantFrom(...ODD_SIGNATURES), fc.boolean())
          // Half of them at the sign-only task with its digest: nothing but the image stands in the way there.
          .map(([v, signature, aimed]) =>
            aimed
              ? {
                  ...json('signature', { documentsDigest: placeholder('signOnlyDigest', 0), signature }, false),
                  aim: [{ ref: 'signOnlyTask' as const, index: 0 }],
                }
              : json('signature', { ...(v as object), signature }, false),
          ),
      });
    }
    return fc.oneof(...arbs);
  }

  const planArb = (): fc.Arbitrary<Plan> => {
    // Built once per operation: building an arbitrary (regexes above all) costs more than drawing from it.
    const bodies = new Map(ops.map((op) => [op.key, bodyArb(op)]));
    return fc.constantFrom(...ops).chain((op) =>
      fc.record({
        op: fc.constant(op),
        method: fc.oneof(
          { weight: 12, arbitrary: fc.constant(op.method) },
          { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD') },
        ),
        params: fc.tuple(...op.params.map(paramArb)).map((p) => p as Plan['params']),
        query: queryArb,
        auth: authArb,
        contentType: contentTypeArb,
        headers: fc.oneof({ weight: 4, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: headersArb }),
        body: bodies.get(op.key)!,
      }),
    );
  };

  // -------------------------------------------------------------------------------------------
  // Turning a plan into bytes

  function authorization(plan: Plan): { value: string | string[] | undefined; session?: 'entry' | 'fresh' } {
    const sessionFor = (which: 'entry' | 'fresh') => ({ value: `Bearer ${pool[which].token}`, session: which });
    switch (plan.auth) {
      case 'right':
        if (plan.op.auth === 'portal') return { value: `Bearer ${PORTAL_KEY}` };
        if (plan.op.auth === 'operator') return { value: OPERATOR_KEY };
        // The entry session never enters a new identity (that drops its entry check), nor logs out.
        if (plan.op.auth === 'session') return sessionFor(SPENDS_SESSION.has(plan.op.path) ? 'fresh' : 'entry');
        return { value: undefined };
      case 'rightFresh':
        return sessionFor('fresh');
      case 'none':
        return { value: undefined };
      case 'portal':
        return { value: `Bearer ${PORTAL_KEY}` };
      case 'otherTenant':
        return { value: `Bearer ${OTHER_TENANT_KEY}` };
      case 'session':
        return sessionFor(SPENDS_SESSION.has(plan.op.path) ? 'fresh' : 'entry');
      case 'operator':
        return { value: OPERATOR_KEY };
      case 'garbage':
        return { value: 'Bearer ' + 'x'.repeat(43) };
      case 'oversized':
        return { value: 'Bearer ' + 'A'.repeat(12_000) };
      case 'odd':
        return { value: `Bearer ${Buffer.from('中文令牌', 'utf8').toString('latin1')}\t ` };
      case 'scheme':
        return { value: `Basic ${Buffer.from(`demo:${PORTAL_KEY}`).toString('base64')}` };
      case 'twice':
        return { value: [`Bearer ${PORTAL_KEY}`, `Bearer ${pool.entry.token}`] };
    }
  }

  function toRequest(plan: Plan): { request: RawRequest; secrets: string[]; session?: 'entry' | 'fresh' } {
    let i = 0;
    const resolve = (ref: Ref, index: number) => pool.refs[ref][index % pool.refs[ref].length];
    const params = ('aim' in plan.body && plan.body.aim) || plan.params;
    const path =
      plan.op.path.replace(/\{(\w+)\}/g, () => {
        const p = params[i++];
        if ('ref' in p) return encodeSegment(resolve(p.ref, p.index));
        return p.raw ? p.value : encodeSegment(p.value);
      }) + plan.query;
    const auth = authorization(plan);
    const headers: Record<string, string | string[]> = { ...plan.headers };
    if (auth.value !== undefined) headers.authorization = auth.value;
    if (plan.contentType !== null) headers['content-type'] = plan.contentType;
    let body: Buffer | undefined;
    let chunked = false;
    const secrets: string[] = [];
    switch (plan.body.kind) {
      case 'none':
        break;
      case 'invalid':
        body = Buffer.from(plan.body.text, 'utf8');
        break;
      case 'huge':
        body = Buffer.from(`{"pad":"${'x'.repeat(plan.body.size)}"}`);
        chunked = plan.body.chunked;
        break;
      case 'gzipBomb':
        body = gzip(`{"pad":"${' '.repeat(plan.body.size)}"}`);
        headers['content-encoding'] = 'gzip';
        break;
      default:
        body = Buffer.from(
          plan.body.text.replace(/@pool:(\w+):(\d+)@/g, (_, ref: Ref, index: string) => resolve(ref, Number(index))),
          'utf8',
        );
        chunked = plan.body.chunked;
        secrets.push(...plan.body.secrets);
    }
    const authValue = Array.isArray(auth.value) ? auth.value.join(' ') : auth.value;
    secrets.push(...secretsOf(undefined, authValue));
    return { request: { method: plan.method, path, headers, body, chunked }, secrets, session: auth.session };
  }

  const summary = (plan: Plan, request: RawRequest, answer?: RawAnswer) =>
    JSON.stringify({
      endpoint: plan.op.key,
      method: request.method,
      path: request.path.slice(0, 300),
      auth: plan.auth,
      contentType: plan.contentType?.slice(0, 80),
      headers: Object.keys(plan.headers),
      body: plan.body.kind,
      bodyStart: request.body?.subarray(0, 300).toString('utf8'),
      status: answer?.status,
      answer: answer?.text.slice(0, 500),
    });

  /** Sends one plan and returns what is wrong with the answer (empty when nothing). */
  async function exercise(plan: Plan): Promise<string[]> {
    const { request, secrets, session } = toRequest(plan);
    const huge = plan.body.kind === 'huge' || plan.body.kind === 'gzipBomb';
    let answer: RawAnswer;
    try {
      answer = await send(server.url, request, huge ? false : agent);
    } catch (err) {
      return [`no answer (${(err as Error).message}): ${summary(plan, request)}`];
    }
    if (plan.op.auth && plan.auth === 'right' && answer.status !== 401) pastAuth.set(plan.op.key, (pastAuth.get(plan.op.key) ?? 0) + 1);
    const kind = plan.body.kind === 'signature' ? 'signature' : plan.body.kind === 'broken' ? 'broken field' : plan.body.kind;
    figures.record(plan.op.key, kind, answer, request.method);
    // A pool session refused where sessions are the way in: logged out by a fuzzed request, or its entry check dropped.
    const refusedWith =
      answer.status === 401
        ? 'unauthorized'
        : /"code":"entry_verification_required"/.test(answer.text)
          ? 'entry_verification_required'
          : null;
    if (session && plan.op.auth === 'session' && (refusedWith === 'unauthorized' || (session === 'entry' && refusedWith)))
      stale.add(session);
    const problems = problemsOf(request.method, answer, secrets);
    // An answer of the operation itself must be one its OpenAPI document declares (status and code).
    const reached = request.method === plan.op.method && opPattern(plan.op).test(request.path.split('?')[0]);
    const undeclared = reached ? undeclaredAnswer(plan.op, answer) : null;
    if (undeclared) problems.push(undeclared);
    // Bodies over the limit are refused before the route, the key or the fields are looked at: 413,
    // or 415 when their type is not JSON (or a charset that cannot be decoded), or 431 when the
    // headers were already too large.
    const own = LARGER_BODIES.find((r) => r.method === request.method && r.path.test(request.path.split('?')[0]));
    const limitKb = own ? Math.max(server.config.BODY_LIMIT_KB, own.limitKb) : server.config.BODY_LIMIT_KB;
    const overLimit =
      (request.body?.length ?? 0) > limitKb * 1024 && BODY_METHODS.has(request.method) && !request.headers['content-encoding'];
    const plainJson = request.headers['content-type'] === 'application/json';
    if (overLimit && !(answer.status === 413 || answer.status === 431 || (answer.status === 415 && !plainJson)))
      problems.push(`${plan.body.kind} body over the limit answered ${answer.status}`);
    return problems.map((p) => `${p}: ${summary(plan, request, answer)}`);
  }

  it(`answers ${RUNS * BATCH} fuzzed requests over every endpoint without a 5xx, always in the error envelope`, async () => {
    const started = Date.now();
    let run = 0;
    const property = fc.asyncProperty(fc.array(planArb(), { minLength: BATCH, maxLength: BATCH }), async (batch) => {
      const problems = (await Promise.all(batch.map(exercise))).flat();
      await housekeep(run++);
      if (problems.length) throw new Error(problems.slice(0, 5).join('\n'));
    });
    process.stdout.write(`\n[fuzz] seed ${SEED} (set FUZZ_SEED to change), ${RUNS} runs of ${BATCH} requests, ${ops.length} endpoints\n`);
    // fc.check rather than fc.assert: the counterexample holds bodies of up to 3 MB, too long to print whole.
    const details = await fc.check(property, {
      seed: SEED,
      numRuns: RUNS,
      endOnFailure: true,
      interruptAfterTimeLimit: 200_000,
      markInterruptAsFailure: true,
    });
    process.stdout.write(`\n${figures.report('[fuzz] API', (Date.now() - started) / 1000, SEED)}\n`);
    process.stdout.write(
      `[fuzz] housekeeping (not counted above): matters renewed ${housekeeping.renewals}×, sessions ${housekeeping.sessions}×, ${(housekeeping.ms / 1000).toFixed(1)} s\n` +
        `[fuzz] past authentication, per endpoint that has one: ${[...pastAuth.entries()].map(([k, n]) => `${k} ${n}`).join(', ')}\n`,
    );
    if (details.failed) {
      const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance ?? 'interrupted');
      throw new Error(
        `fuzz failed after ${details.numRuns} runs (seed ${details.seed}, path "${details.counterexamplePath}"): replay with FUZZ_SEED=${details.seed}\n${cause}`,
      );
    }

    // Every endpoint was reached, and those with a key or a session were reached past it.
    const fairShare = (RUNS * BATCH) / ops.length;
    expect(ops.filter((op) => (figures.perEndpoint.get(op.key) ?? 0) < fairShare / 2).map((op) => op.key)).toEqual([]);
    expect(ops.filter((op) => op.auth && (pastAuth.get(op.key) ?? 0) < fairShare / 5).map((op) => op.key)).toEqual([]);
    expect(figures.total).toBeGreaterThanOrEqual(RUNS * BATCH);
    expect([...figures.perStatus.keys()].filter((s) => s >= 500)).toEqual([]);
  }, 240_000);

  it('answers malformed HTTP in the error envelope, or not at all, and keeps serving', async () => {
    const wire = (lines: string[], body = '') => Buffer.from(lines.join('\r\n') + '\r\n\r\n' + body, 'latin1');
    const cases: Array<[label: string, bytes: Buffer]> = [
      ['a header line without a colon', wire(['GET /healthz HTTP/1.1', 'Host: x', 'Bad Header'])],
      ['an unknown method', wire(['FROB /api/mp/todos HTTP/1.1', 'Host: x'])],
      ['headers over 16 KB', wire(['GET /api/mp/todos HTTP/1.1', 'Host: x', `Authorization: Bearer ${'A'.repeat(20_000)}`])],
      ['a control character in a header value', wire(['GET /healthz HTTP/1.1', 'Host: x', 'X-Odd: a\u0001b'])],
      [
        'a non-numeric Content-Length',
        wire(['POST /api/mp/session HTTP/1.1', 'Host: x', 'Content-Type: application/json', 'Content-Length: abc'], '{}'),
      ],
      [
        'Content-Length and Transfer-Encoding together',
        wire(
          ['POST /api/mp/session HTTP/1.1', 'Host: x', 'Content-Type: application/json', 'Content-Length: 2', 'Transfer-Encoding: chunked'],
          '0\r\n\r\n',
        ),
      ],
      [
        'a broken chunk size',
        wire(
          ['POST /api/mp/session HTTP/1.1', 'Host: x', 'Content-Type: application/json', 'Transfer-Encoding: chunked'],
          'zz\r\n{}\r\n0\r\n\r\n',
        ),
      ],
      ['HTTP/9.9', wire(['GET /healthz HTTP/9.9', 'Host: x'])],
      ['binary garbage', Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 13, 10, 13, 10])],
      ['a path with a space', wire(['GET /api/portal/matters/a b HTTP/1.1', 'Host: x'])],
    ];
    for (const [label, bytes] of cases) {
      const text = await sendBytes(server.url, bytes);
      const [head, ...rest] = text.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
      const answer: RawAnswer = {
        status,
        headers: { 'content-type': /content-type: ([^\r\n]+)/i.exec(head)?.[1] },
        text: rest.join('\r\n\r\n'),
        ms: 0,
      };
      process.stdout.write(`[fuzz] malformed HTTP, ${label}: ${status} ${answer.text}\n`);
      expect({ label, status: status >= 400 && status < 500 ? '4xx' : status }).toEqual({ label, status: '4xx' });
      expect({ label, problems: problemsOf('GET', answer, []) }).toEqual({ label, problems: [] });
    }
  });

  it('still answers /healthz and /readyz, and nothing reached Object.prototype', async () => {
    expect((await apiClient(server.url).get('/healthz')).status).toBe(200);
    expect((await apiClient(server.url).get('/readyz')).status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(Object.prototype).toEqual({});
    const login = await apiClient(server.url).post('/api/mp/session', { platform: 'alipay', code: 'after-the-fuzz' });
    expect(login.status).toBe(201);
  });
});
