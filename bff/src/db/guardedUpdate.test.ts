import { Schema } from 'mongoose';
import { databaseLabel, openTestDatabase } from '../../test/database';
import { guardedUpdate, matches } from './guardedUpdate';

describe(`guarded updates on ${databaseLabel()}`, () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  const DocSchema = new Schema(
    { _id: String, seq: Number, outbox: { status: String, attempts: Number }, note: String },
    { versionKey: false },
  );
  const Doc = () => db.conn.models.Doc ?? db.conn.model('Doc', DocSchema);

  beforeAll(async () => {
    db = await openTestDatabase();
    await Doc().create({ _id: 'd1', seq: 3, outbox: { status: 'pending', attempts: 1 }, note: 'start' });
  });
  afterAll(() => db.drop());

  it('applies the update while the document is as expected, and says so', async () => {
    expect(await guardedUpdate(Doc(), 'd1', { seq: { $lt: 4 } }, { $set: { seq: 4, note: 'four' } })).toBe(true);
    expect(await Doc().findById('d1').lean()).toMatchObject({ seq: 4, note: 'four' });
  });

  it('leaves the document alone when it has moved on', async () => {
    expect(await guardedUpdate(Doc(), 'd1', { seq: { $lt: 4 } }, { $set: { seq: 4, note: 'stale' } })).toBe(false);
    expect(await guardedUpdate(Doc(), 'd1', { 'outbox.status': 'pending', 'outbox.attempts': 0 }, { $set: { note: 'stale' } })).toBe(false);
    expect(await Doc().findById('d1').lean()).toMatchObject({ seq: 4, note: 'four' });
  });

  it('checks nested paths by equality', async () => {
    expect(
      await guardedUpdate(
        Doc(),
        'd1',
        { 'outbox.status': 'pending', 'outbox.attempts': 1 },
        { $set: { outbox: { status: 'delivered', attempts: 2 } } },
      ),
    ).toBe(true);
    expect(await Doc().findById('d1').lean()).toMatchObject({ outbox: { status: 'delivered', attempts: 2 } });
  });

  it('answers false for a document that does not exist', async () => {
    expect(await guardedUpdate(Doc(), 'nope', { seq: { $lt: 9 } }, { $set: { seq: 9 } })).toBe(false);
    expect(await Doc().findById('nope').lean()).toBeNull();
  });

  it('reads the expectation like MongoDB reads the filter (missing fields are null, $lt wants a number)', () => {
    expect(matches({ a: { b: 1 } }, { 'a.b': 1 })).toBe(true);
    expect(matches({}, { 'a.b': null })).toBe(true);
    expect(matches({ seq: 2 }, { seq: { $lt: 2 } })).toBe(false);
    expect(matches({}, { seq: { $lt: 2 } })).toBe(false);
    expect(matches({ status: 'pending' }, { status: 'passed' })).toBe(false);
  });
});
