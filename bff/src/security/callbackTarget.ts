import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Callbacks go to portal backends on the internet, never inside: not to loopback, private
 * (RFC 1918, unique local), carrier-grade NAT, link-local (cloud metadata included), multicast,
 * reserved, unspecified or broadcast addresses, in any of their spellings. The URL parser already
 * normalises the numeric forms (`2130706433`, `127.1`, `0x7f.1` → `127.0.0.1`). An IPv6 address
 * that stands for an IPv4 one (IPv4-mapped, NAT64's well-known prefix) is judged by that IPv4
 * address; any other IPv6 address must be global unicast (2000::/3), so the IPv4-compatible
 * (`::127.0.0.1`), 6to4 and Teredo forms, whose packets could still end up inside, are refused
 * whatever they embed. A host name is judged by every address it resolves to
 * when it is registered, and again by the address actually connected to at every send (no DNS
 * rebinding). `CALLBACK_ALLOW_PRIVATE=true` (never in production) lifts all of it for tests.
 */

/** Resolves a host name to all its addresses (dns.lookup in production; tests may give their own). */
export type Resolve = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export const systemResolve: Resolve = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** Names that are never a public host (RFC 6761, 6762), refused without asking DNS. */
const SPECIAL_USE = /(^|\.)(localhost|invalid|test|example|local|internal|home\.arpa)$/i;

/**
 * IANA's global unicast space. The library names the special ranges it knows and calls the rest
 * `unicast`, `::/96` and never-assigned space included: this makes it an allow-list.
 */
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');

/** Prefixes whose last 32 bits are the IPv4 address a packet is delivered to (IPv4-mapped, NAT64). */
const STANDS_FOR_IPV4 = [ipaddr.IPv6.parseCIDR('::ffff:0:0/96'), ipaddr.IPv6.parseCIDR('64:ff9b::/96')];

/** True for an address a callback may be sent to: a global unicast one. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return parsed.range() === 'unicast';
  const v6 = parsed as ipaddr.IPv6;
  if (STANDS_FOR_IPV4.some((prefix) => v6.match(prefix))) return new ipaddr.IPv4(v6.toByteArray().slice(12)).range() === 'unicast';
  return v6.match(GLOBAL_UNICAST_V6) && v6.range() === 'unicast';
}

/** Why a callback URL's host is refused, in Chinese for the portal team; null when it may be used. */
export type TargetProblem = '回调地址不能指向本机、内网或保留地址' | '回调地址的域名无法解析';

const hostOf = (url: string) => new URL(url).hostname.replace(/^\[|\]$/g, '');

/** Checks a callback URL's host at registration: a public address, or a name all of whose addresses are public. */
export async function targetProblem(url: string, resolve: Resolve): Promise<TargetProblem | null> {
  const host = hostOf(url);
  if (ipaddr.isValid(host)) return isPublicAddress(host) ? null : '回调地址不能指向本机、内网或保留地址';
  if (SPECIAL_USE.test(host.replace(/\.$/, ''))) return '回调地址不能指向本机、内网或保留地址';
  let addresses: Array<{ address: string }>;
  try {
    addresses = await resolve(host);
  } catch {
    return '回调地址的域名无法解析';
  }
  if (addresses.length === 0) return '回调地址的域名无法解析';
  return addresses.every((a) => isPublicAddress(a.address)) ? null : '回调地址不能指向本机、内网或保留地址';
}

/** Thrown (as the request's error) when a send would connect to an address that is not public. */
export class BlockedAddressError extends Error {
  readonly code = 'BLOCKED_ADDRESS';
  constructor() {
    super('the callback host is not a public address');
    this.name = 'BlockedAddressError';
  }
}

/**
 * A `lookup` for http(s).request that resolves with `resolve` and refuses to hand over any address
 * that is not public: the check is on the very address the socket connects to.
 */
function guardedLookup(resolve: Resolve): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (all) => {
        const wanted = options.family === 4 || options.family === 6 ? all.filter((a) => a.family === options.family) : all;
        if (wanted.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 4);
        if (!wanted.every((a) => isPublicAddress(a.address))) return callback(new BlockedAddressError(), '', 4);
        if (options.all) return (callback as unknown as (e: null, a: typeof wanted) => void)(null, wanted);
        callback(null, wanted[0].address, wanted[0].family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 4),
    );
  };
}

export interface PostOptions {
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
  /** `CALLBACK_ALLOW_PRIVATE`: any address (tests with a loopback receiver). */
  allowPrivate: boolean;
  resolve: Resolve;
  /** Time to have a connection, name lookup included (a host that drops the SYN fails fast). None by default. */
  connectTimeoutMs?: number;
  /** Time from the connection to the answer's status line, TLS handshake included (a host that accepts and never answers fails fast). None by default. */
  firstByteTimeoutMs?: number;
}

/** Thrown (as the request's error) when the connection or the first byte of the answer took too long. */
export class CallbackTimeoutError extends Error {
  readonly code: 'CONNECT_TIMEOUT' | 'FIRST_BYTE_TIMEOUT';
  constructor(code: CallbackTimeoutError['code']) {
    super(
      code === 'CONNECT_TIMEOUT' ? 'the callback host did not accept a connection in time' : 'the callback host did not answer in time',
    );
    this.name = 'CallbackTimeoutError';
    this.code = code;
  }
}

/**
 * POSTs a callback and resolves to the answer's status; the answer's body is never read. Redirects
 * are not followed (a 3xx is a failure). Fails with BlockedAddressError before any packet is sent
 * to an address that is not public.
 */
export function postCallback(url: string, options: PostOptions): Promise<number> {
  const target = new URL(url);
  const host = hostOf(url);
  if (!options.allowPrivate && ipaddr.isValid(host) && !isPublicAddress(host)) return Promise.reject(new BlockedAddressError());
  if (!options.allowPrivate && SPECIAL_USE.test(host.replace(/\.$/, ''))) return Promise.reject(new BlockedAddressError());
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    // The whole POST has `signal`; these bound its first phases, so that a host that takes the
    // connection and then says nothing is given up well before that.
    let timer: NodeJS.Timeout | undefined;
    const clearTimer = () => clearTimeout(timer);
    const req = transport.request(
      target,
      {
        method: 'POST',
        headers: { ...options.headers, 'content-length': String(Buffer.byteLength(options.body)) },
        signal: options.signal,
        ...(options.allowPrivate ? {} : { lookup: guardedLookup(options.resolve) }),
      },
      (res) => {
        clearTimer();
        res.resume(); // never read, logged or stored
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    let closed = false;
    const within = (ms: number | undefined, code: CallbackTimeoutError['code']) => {
      clearTimer();
      if (ms !== undefined && !closed) timer = setTimeout(() => req.destroy(new CallbackTimeoutError(code)), ms);
    };
    req.once('socket', (socket) => {
      if (!socket.connecting) return within(options.firstByteTimeoutMs, 'FIRST_BYTE_TIMEOUT'); // a kept-alive connection
      within(options.connectTimeoutMs, 'CONNECT_TIMEOUT');
      socket.once('connect', () => within(options.firstByteTimeoutMs, 'FIRST_BYTE_TIMEOUT'));
    });
    req.once('close', () => {
      closed = true;
      clearTimer();
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
