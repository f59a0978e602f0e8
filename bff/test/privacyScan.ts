import { Writable } from 'node:stream';
import type { Connection } from 'mongoose';
import { createLogger, type Logger } from '../src/logger';

/**
 * Looking for personal data where it must not be: the forms a value may take when someone stores
 * or logs it carelessly, a dump of every collection, and a logger whose lines a test can read.
 */

/** Forms shorter than this are left out of the encoded ones: ciphertexts would match them by chance. */
const MIN_ENCODED = 10;

/**
 * The runs of base64 characters that encode `bytes` wherever they sit in a longer base64 text
 * (three alignments), without the characters that depend on the bytes around them.
 */
function base64Runs(bytes: Buffer): string[] {
  return [0, 1, 2].map((offset) => {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const complete = Math.floor((offset + bytes.length) / 3) * 4;
    return encoded.slice([0, 2, 3][offset], complete);
  });
}

/** Plain text, and the usual encodings of it: base64 (any alignment), hex, URL and JSON escapes. */
function encodings(text: string): string[] {
  const bytes = Buffer.from(text, 'utf8');
  const hex = bytes.toString('hex');
  const escaped = Array.from(text)
    .map((c) => (c.charCodeAt(0) > 0x7e ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c))
    .join('');
  const runs = base64Runs(bytes);
  const encoded = [
    ...runs,
    ...runs.map((run) => run.replace(/\+/g, '-').replace(/\//g, '_')), // base64url
    hex,
    hex.toUpperCase(),
    encodeURIComponent(text),
    encodeURIComponent(text).toLowerCase(),
    escaped,
    escaped.toUpperCase().replace(/\\U/g, '\\u'),
    escaped.replace(/\\/g, '\\\\'), // escaped twice: JSON inside a JSON string
  ].filter((form) => form.length >= MIN_ENCODED && form !== text);
  return [text, ...encoded];
}

/** Digits in groups, as people write card and ID numbers: `6222 0212 …`, `110105 19491231 002X`. */
const grouped = (value: string, sizes: number[], sep: string): string => {
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= value.length) break;
    parts.push(value.slice(at, at + size));
    at += size;
  }
  if (at < value.length) parts.push(value.slice(at));
  return parts.join(sep);
};

export type Secret = { kind: 'name' | 'idNumber' | 'bankCard' | 'opaque'; value: string };

/** Every form of a secret the scans look for (case variants for ID numbers ending in X, spaced digits). */
export function formsOf(secret: Secret): string[] {
  const { kind, value } = secret;
  if (kind === 'name' || kind === 'opaque') return [...new Set(encodings(value))];
  const cases = [value, value.toUpperCase(), value.toLowerCase()];
  const spacedGroups =
    kind === 'bankCard'
      ? [[4, 4, 4, 4, 4]]
      : [
          [6, 8, 4],
          [4, 4, 4, 4, 4],
          [3, 3, 4, 4, 4],
        ];
  const spaced = cases.flatMap((v) => spacedGroups.flatMap((sizes) => [' ', '-'].map((sep) => grouped(v, sizes, sep))));
  return [...new Set([...cases.flatMap(encodings), ...spaced])];
}

/** Which forms of which secrets occur in a text: `[{secret, form}]`, empty when it is clean. */
export function findLeaks(text: string, secrets: Secret[]): Array<{ secret: string; form: string }> {
  const lower = text.toLowerCase();
  const found: Array<{ secret: string; form: string }> = [];
  for (const secret of secrets) {
    for (const form of formsOf(secret)) {
      // Hex and case variants are compared case-insensitively; base64 is case-sensitive.
      const hit = /^[0-9a-fA-F]+$/.test(form) ? lower.includes(form.toLowerCase()) : text.includes(form);
      if (hit) {
        found.push({ secret: `${secret.kind}:${secret.value.slice(0, 2)}…`, form });
        break;
      }
    }
  }
  return found;
}

/** Every document of every collection of the database, as JSON text, per collection. */
export async function dumpDatabase(conn: Connection): Promise<Array<{ collection: string; text: string }>> {
  const db = conn.db!;
  const collections = await db.listCollections().toArray();
  return Promise.all(
    collections.map(async ({ name }) => ({ collection: name, text: JSON.stringify(await db.collection(name).find().toArray()) })),
  );
}

/** A logger (every level) whose output lines are kept in memory. */
export function memoryLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger('trace', sink), lines };
}
