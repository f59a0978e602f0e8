/**
 * The pieces of the API fuzz suite (`fuzz.test.ts`): the operations read from the OpenAPI
 * document, a raw HTTP sender that can send what `fetch` would refuse to, arbitraries of bodies
 * (from a JSON schema, broken in one place, random, invalid, huge), the check every answer must
 * pass, and the figures printed at the end.
 */
import http from 'node:http';
import net from 'node:net';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { z } from 'zod';
import { ERROR_MESSAGES } from '@regverify/shared';

// ---------------------------------------------------------------------------------------------
// Operations

export type AuthKind = 'portal' | 'session' | 'operator';

export interface Operation {
  /** `POST /api/mp/todos/{taskId}/confirm` */
  key: string;
  method: string;
  /** The path template of the OpenAPI document, `{name}` for each path parameter. */
  path: string;
  params: string[];
  auth: AuthKind | null;
  /** JSON schema of the request body, if it has one. */
  body: JsonSchema | null;
  /** The answers the document declares: status → the error codes it lists (none for a success). */
  answers: Map<string, string[]>;
}

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
};

/** Every operation of an OpenAPI 3 document, with its auth scheme and body schema. */
export function operationsOf(document: { paths: Record<string, Record<string, any>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const scheme = op.security?.[0] ? (Object.keys(op.security[0])[0] as AuthKind) : null;
      ops.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        params: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
        auth: scheme,
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
        answers: new Map(Object.entries(op.responses ?? {}).map(([status, r]: [string, any]) => [status, r['x-error-codes'] ?? []])),
      });
    }
  }
  return ops;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

/** Strings people and attackers type: scripts, emoji, control and invisible characters, lone surrogates. */
export const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  '\udfff\ud800',
  '\u202e\u0644\u0627',
  '\u200b\u200d\ufeff',
  'Ａ１２３４５６',
  '𠀀𠀁𪚥',
  '😀👨‍👩‍👧‍👦🏳️‍🌈',
  'e\u0301\u0301\u0301\u0301',
  '\r\n\t',
  '<script>alert(1)</script>',
  "'; DROP TABLE matters; --",
  '{"$gt": ""}',
  '$where',
  '../../../etc/passwd',
  '%00%2e%2e%2f',
  '${jndi:ldap://x}',
  '{{7*7}}',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e308',
  '__proto__',
  'constructor',
  '张三',
  '11010519491231002X',
];

export const oddString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...ODD_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);

/** A valid-looking value for a JSON schema (as zod's `toJSONSchema` writes them). */
export function arbitraryOf(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.constant({});
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices?.length) return fc.oneof(...choices.map((s) => arbitraryOf(s, depth + 1)));
  if (schema.allOf?.length) return arbitraryOf(Object.assign({}, ...schema.allOf), depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : (schema.type ?? (schema.properties ? 'object' : undefined));
  switch (type) {
    case 'object': {
      const props = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, sub] of Object.entries(props)) model[name] = arbitraryOf(sub, depth + 1);
      return fc.record(model, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) as never[] });
    }
    case 'array':
      return fc.array(arbitraryOf(schema.items, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    case 'string': {
      if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.format === 'uri') return fc.webUrl();
      const minLength = schema.minLength ?? 0;
      const maxLength = Math.min(schema.maxLength ?? 40, 200);
      if (schema.pattern) {
        try {
          const pattern = new RegExp(schema.pattern);
          return fc.stringMatching(pattern).filter((s) => s.length >= minLength && s.length <= (schema.maxLength ?? Infinity));
        } catch {
          // a pattern fast-check cannot generate from: plain strings below
        }
      }
      return fc.string({ minLength, maxLength: Math.max(minLength, maxLength) });
    }
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** How one field of a well-formed body is broken. */
export type Breakage =
  | { kind: 'null' | 'delete' | 'wrongType' | 'emptyString' | 'operatorObject' | 'hugeArray' | 'deepNesting' }
  | { kind: 'tooLong'; length: number; char: string }
  | { kind: 'odd'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'random'; value: unknown }
  | { kind: 'pollute'; key: '__proto__' | 'constructor' | 'prototype' };

export const breakage: fc.Arbitrary<Breakage> = fc.oneof(
  fc.constantFrom<Breakage>(
    { kind: 'null' },
    { kind: 'delete' },
    { kind: 'wrongType' },
    { kind: 'emptyString' },
    { kind: 'operatorObject' },
  ),
  fc.constantFrom<Breakage>({ kind: 'hugeArray' }, { kind: 'deepNesting' }),
  fc.record({
    kind: fc.constant('tooLong' as const),
    length: fc.integer({ min: 65, max: 70_000 }),
    char: fc.constantFrom('x', '中', '😀', '\\', '"'),
  }),
  fc.record({ kind: fc.constant('odd' as const), value: oddString }),
  fc.record({ kind: fc.constant('number' as const), value: fc.constantFrom(0, -1, 1.5, -0, 1e308, -1e308, 2 ** 53 + 1, 4294967296) }),
  fc.record({ kind: fc.constant('random' as const), value: fc.jsonValue({ maxDepth: 3 }) }),
  fc.record({
    kind: fc.constant('pollute' as const),
    key: fc.constantFrom('__proto__' as const, 'constructor' as const, 'prototype' as const),
  }),
);

type Path = Array<string | number>;

function pathsOf(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...path, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...path, k], out);
  return out;
}

/** Sets an own property, even `__proto__` (which plain assignment would turn into a prototype change). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const POLLUTION = { polluted: 'fuzz-polluted', prototype: { polluted: 'fuzz-polluted' }, isAdmin: true };

function wrongTypeOf(value: unknown): unknown {
  if (typeof value === 'string') return value.length % 2 ? 12345 : [value];
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return 'true';
  if (Array.isArray(value)) return { 0: value[0] ?? null, length: value.length };
  if (value && typeof value === 'object') return [value];
  return 'not-null';
}

function replacementFor(current: unknown, b: Breakage): unknown {
  switch (b.kind) {
    case 'null':
      return null;
    case 'wrongType':
      return wrongTypeOf(current);
    case 'emptyString':
      return '';
    case 'operatorObject':
      return { $gt: '', $ne: null, $where: 'sleep(1000)' };
    case 'hugeArray':
      return Array.from({ length: 3000 }, () => current ?? 0);
    case 'deepNesting': {
      let nested: unknown = current ?? 0;
      for (let i = 0; i < 2000; i++) nested = [nested];
      return nested;
    }
    case 'tooLong':
      return b.char.repeat(Math.ceil(b.length / Buffer.byteLength(b.char)));
    case 'odd':
      return b.value;
    case 'number':
      return b.value;
    case 'random':
      return b.value;
    default:
      return current;
  }
}

/** A deep copy of `body` with the field at the `pick`-th path (modulo their number) broken. */
export function breakOneField(body: unknown, pick: number, b: Breakage): unknown {
  const root = JSON.parse(JSON.stringify(body ?? {})) as unknown;
  const paths = pathsOf(root);
  const path = paths[pick % paths.length];
  if (b.kind === 'pollute') {
    // Into the object at this path, or the nearest object above it.
    let at: Path = path;
    const lookup = (p: Path) => p.reduce<any>((v, k) => v?.[k], root);
    while (at.length && !(lookup(at) && typeof lookup(at) === 'object' && !Array.isArray(lookup(at)))) at = at.slice(0, -1);
    const target = lookup(at);
    if (target && typeof target === 'object' && !Array.isArray(target)) {
      setOwn(target, b.key, b.key === 'constructor' ? { prototype: POLLUTION } : POLLUTION);
      return root;
    }
    const wrapper = {};
    setOwn(wrapper, b.key, POLLUTION);
    return wrapper;
  }
  if (path.length === 0) return b.kind === 'delete' ? {} : replacementFor(root, b);
  const parent = path.slice(0, -1).reduce<any>((v, k) => v[k], root);
  const last = path[path.length - 1];
  if (b.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    parent[last] = replacementFor(parent[last], b);
  }
  return root;
}

/** Bodies that are not JSON at all, or JSON a strict parser refuses. */
export const invalidJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '{',
    '{"a":',
    "{'a': 1}",
    '{"a": 1,}',
    '{a: 1}',
    '{"a": NaN}',
    '{"a": undefined}',
    '// comment\n{}',
    '\ufeff{}',
    '"just a string"',
    '42',
    'true',
    'null',
    '{"a": "\\u12"}',
    '{"a": "\\x41"}',
    '{"__proto__": ',
    '[1, 2, 3',
    '{}{}',
    '{"a": 1}}',
    '\u0000',
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }).filter((s) => {
    try {
      const v = JSON.parse(s);
      return typeof v !== 'object';
    } catch {
      return true;
    }
  }),
  fc.json().map((s) => s.slice(0, Math.max(1, s.length - 1))),
);

// ---------------------------------------------------------------------------------------------
// Sending

export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body?: Buffer;
  /** Sent without Content-Length, as chunks. */
  chunked?: boolean;
}

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  ms: number;
}

/** One request over `agent` (keep-alive), answer read whole; rejects on a transport error or after `timeoutMs`. */
export function send(baseUrl: string, req: RawRequest, agent: http.Agent | false, timeoutMs = 15_000): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | string[] | number> = { ...req.headers };
    if (req.body && !req.chunked) headers['content-length'] = req.body.length;
    if (req.chunked) headers['transfer-encoding'] = 'chunked';
    let settled = false;
    const r = http.request(
      { host: url.hostname, port: url.port, method: req.method, path: req.path, headers, agent, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          settled = true;
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
            ms: Number(process.hrtime.bigint() - started) / 1e6,
          });
        });
        res.on('error', (err) => !settled && reject(err));
      },
    );
    r.on('timeout', () => r.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    // The server may answer (413) and close before a huge body is all written: the answer counts.
    r.on('error', (err) => !settled && setTimeout(() => !settled && reject(err), 50));
    if (req.body && req.chunked) {
      for (let i = 0; i < req.body.length; i += 16_384) r.write(req.body.subarray(i, i + 16_384));
      r.end();
    } else {
      r.end(req.body);
    }
  });
}

/** Bytes written as they are on a fresh connection; whatever the server answers before closing. */
export function sendBytes(baseUrl: string, bytes: Buffer, timeoutMs = 5_000): Promise<string> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    const done = () => resolve(Buffer.concat(chunks).toString('utf8'));
    socket.setTimeout(timeoutMs, () => socket.destroy());
    socket.on('data', (c) => chunks.push(c));
    socket.on('close', done);
    socket.on('error', () => undefined);
    socket.write(bytes);
  });
}

export const gzip = (text: string | Buffer): Buffer => gzipSync(text);

// ---------------------------------------------------------------------------------------------
// The check every answer must pass

const CHINESE = /[\u4e00-\u9fff]/;
const KNOWN_CODES = Object.keys(ERROR_MESSAGES) as [string, ...string[]];

/** The error envelope, exactly: nothing beside `error`, nothing in it beside code, message, details. */
export const ErrorEnvelope = z.strictObject({
  error: z.strictObject({
    code: z.enum(KNOWN_CODES),
    message: z.string().regex(CHINESE, 'message without Chinese'),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

/** What a stack trace or an internal error looks like in an answer. */
const LEAKS =
  /\n\s+at [^\n]+:\d+:\d+|\bat (async )?[\w.$<>]+ \(|node_modules|[\w/]+\.(ts|js):\d+|\b(TypeError|ReferenceError|RangeError|SyntaxError|MongoServerError|CastError|ValidationError)\b|E11000/;

/** 18-character resident ID numbers (and ones with a trailing X). */
const ID_NUMBER = /\b\d{17}[\dXx]\b/g;

/**
 * The problems of one answer: a 5xx, an error body not exactly the envelope with a known code and a
 * Chinese message, a stack trace, or a value of the request (personal data, a key) echoed back.
 * `secrets` are the values that must never come back in an error; full ID numbers must never come
 * back at all.
 */
export function problemsOf(method: string, answer: RawAnswer, secrets: string[]): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`status ${answer.status}`);
  for (const id of secrets.join(' ').match(ID_NUMBER) ?? []) if (answer.text.includes(id)) problems.push('a full ID number came back');
  if (answer.status >= 400 && method !== 'HEAD') {
    if (LEAKS.test(answer.text)) problems.push('looks like a stack trace or an internal error');
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      problems.push('error body is not JSON');
    }
    if (body !== undefined) {
      const parsed = ErrorEnvelope.safeParse(body);
      if (!parsed.success)
        problems.push(`error body not in the envelope: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    if (!String(answer.headers['content-type'] ?? '').startsWith('application/json'))
      problems.push(`error content-type ${answer.headers['content-type']}`);
    for (const s of secrets) if (isSecretLike(s) && answer.text.includes(s)) problems.push(`echoed a request value (${s.length} chars)`);
  }
  return problems;
}

/**
 * Answers a route may give that its operation cannot document: the request never reached it
 * (routing: a path that matches nothing, another method; Node's parser: 400, 408, 431; a body
 * over the limit, refused before any route is looked at: 413).
 */
const BEFORE_THE_ROUTE = new Set([
  '400 validation_failed',
  '404 not_found',
  '405 method_not_allowed',
  '408 request_timeout',
  '413 payload_too_large',
  '431 payload_too_large',
]);

/**
 * An answer the OpenAPI document does not declare for the operation that was called: a status it
 * does not list, or an error code its status does not list. Only for requests that reached the
 * operation (its method, a path of its template).
 */
export function undeclaredAnswer(op: Operation, answer: RawAnswer): string | null {
  if (answer.status >= 500) return null; // reported as a 5xx already
  const code = /"code":"([a-z_]+)"/.exec(answer.text)?.[1];
  const declared = op.answers.get(String(answer.status));
  if (answer.status < 400) return declared ? null : `success status ${answer.status} is not declared`;
  if (declared?.includes(code ?? '')) return null;
  if (BEFORE_THE_ROUTE.has(`${answer.status} ${code}`)) return null;
  return `${answer.status} ${code} is not declared for ${op.key}`;
}

/** Long enough to be recognised, and not a plain word an error message may use for its own reasons ("undefined"). */
const isSecretLike = (s: string) => s.length >= 6 && !(s.length < 16 && /^[A-Za-z_ -]+$/.test(s));

/**
 * String values under keys that hold personal data or credentials (document names excepted: they
 * are not personal), and the value of the Authorization header.
 */
export function secretsOf(body: unknown, authorization: string | undefined): string[] {
  const out: string[] = [];
  // Without recursion: fuzzed bodies nest thousands of levels deep.
  const todo: Array<[unknown, string]> = [[body, '']];
  while (todo.length) {
    const [v, key] = todo.pop()!;
    if (typeof v === 'string') {
      if (/^(name|idNumber|cardNumber|phone|code|authCode|signature)$/.test(key)) out.push(v);
    } else if (Array.isArray(v)) v.forEach((x) => todo.push([x, key]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== 'documents') todo.push([x, k]);
  }
  const token = authorization?.replace(/^\S+\s+/, '').trim();
  if (token) out.push(token);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Figures

export class Figures {
  readonly perEndpoint = new Map<string, number>();
  readonly perStatus = new Map<number, number>();
  readonly perCode = new Map<string, number>();
  readonly perKind = new Map<string, number>();
  readonly latencies: number[] = [];
  readonly slowest = new Map<string, number>();
  total = 0;

  record(endpoint: string, kind: string, answer: RawAnswer, method = 'GET'): void {
    this.total++;
    inc(this.perEndpoint, endpoint);
    inc(this.perStatus, answer.status);
    inc(this.perKind, kind);
    this.latencies.push(answer.ms);
    this.slowest.set(kind, Math.max(this.slowest.get(kind) ?? 0, answer.ms));
    if (answer.status >= 400 && method === 'HEAD') inc(this.perCode, '(HEAD: no body)');
    else if (answer.status >= 400) {
      try {
        inc(this.perCode, String(JSON.parse(answer.text)?.error?.code));
      } catch {
        inc(this.perCode, '(no JSON body)');
      }
    }
  }

  report(title: string, seconds: number, seed: number): string {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]?.toFixed(1) ?? '-';
    const table = (m: Map<string | number, number>) =>
      [...m.entries()]
        .sort((a, b) => (typeof a[0] === 'number' ? (a[0] as number) - (b[0] as number) : b[1] - a[1]))
        .map(([k, v]) => `  ${String(v).padStart(6)}  ${k}`)
        .join('\n');
    return [
      `${title}: ${this.total} requests in ${seconds.toFixed(1)} s (${(this.total / seconds).toFixed(0)}/s), seed ${seed}`,
      `latency ms: p50 ${q(0.5)}, p99 ${q(0.99)}, max ${q(1)}`,
      'requests per endpoint:',
      table(this.perEndpoint),
      'status codes:',
      table(this.perStatus),
      'error codes:',
      table(this.perCode),
      'request kinds (slowest answer ms):',
      [...this.perKind.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `  ${String(v).padStart(6)}  ${k} (${this.slowest.get(k)?.toFixed(0)})`)
        .join('\n'),
    ].join('\n');
  }
}

function inc<K>(m: Map<K, number>, k: K): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}
