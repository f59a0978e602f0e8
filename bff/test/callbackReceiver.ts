import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkCallbackSignature } from '../src/callbacks/signature';

/** One POST as a callback receiver saw it. */
export interface ReceivedCallback {
  eventId: string | null;
  attempt: string | null;
  signatureHeader: string | null;
  /** The raw body, exactly as received. */
  body: string;
  json: any;
  /** Whether the signature verified with the secret the receiver had at that moment. */
  verified: boolean | 'malformed' | 'stale' | 'mismatch';
  /** What the receiver answered (0: nothing, it held the request). */
  status: number;
  at: number;
}

/**
 * A portal's callback endpoint for tests, on 127.0.0.1 and a free port: it verifies every
 * signature (once it knows the secret), records every request, and answers what `answer` says
 * (200 unless told otherwise; 0 = never answer). Error answers carry a body with personal-looking data, which must
 * never end up in the BFF's records or logs.
 */
export async function startCallbackReceiver() {
  const received: ReceivedCallback[] = [];
  let secret: string | undefined;
  let answer: (request: { eventId: string | null; nth: number }) => number = () => 200;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const eventId = req.headers['x-regverify-event-id']?.toString() ?? null;
      const signatureHeader = req.headers['x-regverify-signature']?.toString() ?? null;
      const check = secret ? checkCallbackSignature(body, signatureHeader, secret) : { ok: false as const, reason: 'mismatch' as const };
      const nth = received.filter((r) => r.eventId === eventId).length + 1;
      const status = answer({ eventId, nth });
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {
        // recorded as is; the tests assert JSON
      }
      received.push({
        eventId,
        attempt: req.headers['x-regverify-attempt']?.toString() ?? null,
        signatureHeader,
        body,
        json,
        verified: check.ok || check.reason,
        status,
        at: Date.now(),
      });
      if (status === 0) return; // hold the request open: a receiver that hangs
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(status < 300 ? 'ok' : '拒收：张三 11010519491231002X secret=do-not-log');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/regverify/callbacks`,
    received,
    /** The requests answered with 2xx. */
    accepted: () => received.filter((r) => r.status >= 200 && r.status < 300),
    useSecret: (s: string) => {
      secret = s;
    },
    answerWith: (fn: typeof answer) => {
      answer = fn;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export type CallbackReceiver = Awaited<ReturnType<typeof startCallbackReceiver>>;

/** Polls `check` until it returns something truthy; fails naming `what` after `timeoutMs`. */
export async function until<T>(check: () => T | Promise<T>, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
