import type { Connection, Model, UpdateQuery } from 'mongoose';
import { findByIdDirect } from './direct';

/**
 * What a guarded update expects of the document: equality on (dotted) paths, or `{ $lt: n }`.
 * Kept this small on purpose: it has to mean the same as a MongoDB filter and as the check below.
 */
export type Expected = Record<string, string | number | boolean | null | { $lt: number }>;

const scansCache = new WeakMap<Connection, Promise<boolean>>();

/**
 * True when the server evaluates any filter other than `{_id}` by scanning the collection: FerretDB
 * v1 (SQLite) pushes down only a filter that is exactly `{_id: <string>}`, for finds and updates
 * alike. Asked once per connection (`buildInfo` names FerretDB).
 */
export function scansFilters(conn: Connection): Promise<boolean> {
  let known = scansCache.get(conn);
  if (!known) {
    known = conn
      .db!.admin()
      .command({ buildInfo: 1 })
      .then((info) => 'ferretdbVersion' in info);
    known.catch(() => scansCache.delete(conn)); // asked again once the database answers
    scansCache.set(conn, known);
  }
  return known;
}

function valueAt(doc: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (v == null ? undefined : (v as Record<string, unknown>)[key]), doc);
}

export function matches(doc: unknown, expected: Expected): boolean {
  return Object.entries(expected).every(([path, want]) => {
    const have = valueAt(doc, path);
    if (want !== null && typeof want === 'object') return typeof have === 'number' && have < want.$lt;
    return (have ?? null) === want;
  });
}

/**
 * `updateOne({_id, ...expected}, update)`: applies `update` only while the document is as
 * expected; resolves to whether it did.
 *
 * On MongoDB this is that one atomic conditional update, answered from the `_id` index. On FerretDB
 * the same filter would scan the whole collection — and FerretDB evaluates it in Go and writes the
 * document back by `_id` without compare-and-set, so it is not atomic there either
 * (docs/database.md). There it is a read by `_id`, the check, and a write by `_id`: the guarantee
 * FerretDB gives anyway, without the scan. Callers never rely on these updates for at-most-once
 * decisions: those rest on unique inserts.
 */
export async function guardedUpdate<T>(model: Model<T>, id: string, expected: Expected, update: UpdateQuery<T>): Promise<boolean> {
  if (await scansFilters(model.db)) {
    const current = await findByIdDirect(model, id);
    if (!current || !matches(current, expected)) return false;
    const res = await model.updateOne({ _id: id }, update);
    return res.matchedCount > 0;
  }
  const res = await model.updateOne({ _id: id, ...expected } as never, update);
  return res.matchedCount > 0;
}
