/**
 * The document lease on the embedded FerretDB, where an update reads the document and writes the
 * whole of it back: two writers that each read, change one field and write the whole document back
 * lose one change; under the lease, both land. On MongoDB the lease is not needed and not taken.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Schema } from 'mongoose';
import { openTestDatabase } from '../../test/database';
import { claimModel } from '../models/claim';
import { LEASE_STALE_MS, underLease } from './documentLease';
import { scansFilters } from './guardedUpdate';

describe('underLease', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  const Doc = () =>
    db.conn.models.LeaseDoc ??
    db.conn.model('LeaseDoc', new Schema({ _id: String, a: Number, b: Number }, { versionKey: false, collection: 'lease_docs' }));

  /** What FerretDB does with an update, slowed down: read, change one field, write the whole document back. */
  const readModifyWrite = async (id: string, field: 'a' | 'b') => {
    const doc = await Doc().findById(id).lean<{ a: number; b: number }>();
    await sleep(30);
    await Doc().replaceOne({ _id: id }, { ...doc!, [field]: 1 });
  };

  it('serializes the writers of one document, so that neither loses the other’s change', async () => {
    const claims = claimModel(db.conn);
    if (!(await scansFilters(db.conn))) {
      // MongoDB: runs at once, no lease document.
      expect(await underLease(claims, 'lease_docs:x', async () => (await claims.countDocuments({ _id: /^lease:/ })) as number)).toBe(0);
      return;
    }
    await Doc().create({ _id: 'unleased', a: 0, b: 0 }, { _id: 'leased', a: 0, b: 0 });
    await Promise.all([readModifyWrite('unleased', 'a'), readModifyWrite('unleased', 'b')]);
    const lost = await Doc().findById('unleased').lean<{ a: number; b: number }>();
    expect(lost!.a + lost!.b).toBe(1); // the race this guards against

    await Promise.all(
      (['a', 'b'] as const).map((field) => underLease(claims, 'lease_docs:leased', () => readModifyWrite('leased', field))),
    );
    expect(await Doc().findById('leased').lean()).toMatchObject({ a: 1, b: 1 });
    expect(await claims.findById('lease:lease_docs:leased').lean()).toBeNull(); // given back
  });

  it('takes over a lease its holder left behind when it died', async () => {
    const claims = claimModel(db.conn);
    if (!(await scansFilters(db.conn))) return; // no leases on MongoDB (above)
    await claims.create({ _id: 'lease:lease_docs:orphan', owner: 'gone', at: new Date(Date.now() - LEASE_STALE_MS - 1000) });
    expect(await underLease(claims, 'lease_docs:orphan', async () => 'ran')).toBe('ran');
  });
});
