import type { Collection } from 'mongoose';

/** What these need of a model: its driver collection (and, to insert, its defaults). */
type Stored = { collection: Collection };
type Insertable = Stored & { applyDefaults(doc: Record<string, unknown>): unknown };

/**
 * The hot paths' reads and inserts, straight through the driver: mongoose builds a query (or a
 * whole document, with its validation and save machinery) for each, which a read by `_id` or an
 * insert of a record this code composed itself does not need. The results are what `lean()` gives
 * and what `create` stores: an insert gets its schema's defaults first; nothing else is cast, so
 * callers pass values of the right types (they are built in code, never taken from a request), and
 * fields left `undefined` are left out, as mongoose leaves them.
 */

/** `findById(id, projection).lean()`, as one driver call. */
export async function findByIdDirect<T>(model: Stored, id: string, projection?: Record<string, 0 | 1>): Promise<T | null> {
  return (await model.collection.findOne({ _id: id as never }, projection ? { projection } : {})) as T | null;
}

/** `create(doc)`, as one driver call with the schema's defaults applied; E11000 on a taken `_id`, as `create` gives. */
export async function insertDirect(model: Insertable, doc: { _id: string } & Record<string, unknown>): Promise<void> {
  await model.collection.insertOne(model.applyDefaults({ ...doc }) as never, { ignoreUndefined: true });
}
