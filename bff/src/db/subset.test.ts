import { Schema } from 'mongoose';
import { databaseLabel, openTestDatabase } from '../../test/database';

/**
 * The subset of MongoDB that DESIGN.md allows, proven on the server the run uses (the embedded
 * FerretDB unless MONGODB_URI is set): code that passes here runs unchanged on both.
 */
describe(`database subset on ${databaseLabel()}`, () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  const TaskSchema = new Schema(
    {
      matterId: { type: String, required: true },
      lookup: { type: String, required: true },
      status: { type: String, enum: ['pending', 'confirmed'], default: 'pending' },
      kind: String,
      version: { type: Number, default: 0 },
    },
    { timestamps: true },
  );
  TaskSchema.index({ matterId: 1, lookup: 1 }, { unique: true });

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.drop());

  const Task = () => db.conn.models.Task ?? db.conn.model('Task', TaskSchema);

  it('names the server it runs against', async () => {
    const info = await db.conn.db!.admin().command({ buildInfo: 1 });
    // FerretDB answers buildInfo with its own fields (the embedded build reports its version as "unknown").
    expect('ferretdbVersion' in info).toBe(process.env.REGVERIFY_DB_LABEL === 'embedded FerretDB');
    expect(typeof info.version).toBe('string');
  });

  it('creates documents', async () => {
    await Task().syncIndexes();
    const created = await Task().create({ matterId: 'm1', lookup: 'a', kind: '设立登记' });
    expect(created.status).toBe('pending');
    expect(await Task().findById(created._id).lean()).toMatchObject({ matterId: 'm1', lookup: 'a', kind: '设立登记' });
  });

  it('refuses a duplicate insert on a unique compound index with E11000', async () => {
    await expect(Task().create({ matterId: 'm1', lookup: 'a' })).rejects.toMatchObject({ code: 11000 });
    await expect(Task().create({ matterId: 'm2', lookup: 'a' })).resolves.toBeTruthy();
  });

  it('applies a conditional findOneAndUpdate only while the expected state holds', async () => {
    const task = await Task().create({ matterId: 'm3', lookup: 'b' });
    const confirm = () =>
      Task().findOneAndUpdate(
        { _id: task._id, status: 'pending' },
        { $set: { status: 'confirmed' }, $inc: { version: 1 } },
        { returnDocument: 'after' },
      );
    const first = await confirm();
    expect(first).toMatchObject({ status: 'confirmed', version: 1 });
    expect(await confirm()).toBeNull();
    expect(await Task().findById(task._id).lean()).toMatchObject({ status: 'confirmed', version: 1 });
  });

  it('lets exactly one of several concurrent inserts claim a unique key', async () => {
    // The one write primitive that is atomic under concurrency on both servers (see docs/database.md).
    const attempts = await Promise.allSettled(Array.from({ length: 8 }, () => Task().create({ matterId: 'm5', lookup: 'claim' })));
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    for (const a of attempts) if (a.status === 'rejected') expect(a.reason).toMatchObject({ code: 11000 });
  });

  it('counts documents with a filter', async () => {
    await Task().create([
      { matterId: 'm4', lookup: 'c' },
      { matterId: 'm4', lookup: 'd', status: 'confirmed' },
    ]);
    expect(await Task().countDocuments({ matterId: 'm4' })).toBe(2);
    expect(await Task().countDocuments({ matterId: 'm4', status: 'pending' })).toBe(1);
  });

  it('aggregates with $match, $group and $sum', async () => {
    const rows = await Task().aggregate<{ _id: string; n: number }>([
      { $match: { matterId: { $in: ['m1', 'm2', 'm3', 'm4'] } } },
      { $group: { _id: '$status', n: { $sum: 1 } } },
      { $sort: { _id: 1 } },
    ]);
    expect(rows).toEqual([
      { _id: 'confirmed', n: 2 },
      { _id: 'pending', n: 3 },
    ]);
  });
});
