import { createHash } from 'node:crypto';

/** The hash before the first event of a matter. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with sorted keys and ISO dates: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** A deep copy without `undefined` members (which BSON would store as null and change the hash). */
export function withoutUndefined<T>(value: T): T {
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, withoutUndefined(v)]),
  ) as T;
}

export const sha256Hex = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

/** Hash of an event: everything it says plus the hash of the event before it. */
export function eventHash(event: {
  matterId: string;
  seq: number;
  type: string;
  at: Date;
  taskId?: string;
  data: unknown;
  patch: unknown;
  prevHash: string;
}): string {
  return sha256Hex(canonicalJson({ ...event, taskId: event.taskId ?? null }));
}
