import { createMatter } from '../commands/matterCreator';
import { createLogger } from '../logger';
import { syncIndexes } from '../models';
import { createServices, type Services } from '../services';
import { loadConfig } from '../../../config/runtime';
import { openTestDatabase } from '../../test/database';
import { matterRequest, residentId } from '../../test/factories';
import { ledgerTamperer } from '../../test/ledgerTamperer';
import { createChainAnchor } from './anchor';
import { eventHash } from './hash';
import { MatterLedger } from './ledger';

/**
 * The ledger on the run's real database: concurrent writers, a writer that died between commit and
 * apply, and the hash-chained audit trail.
 */
describe('matter ledger', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let services: Services;

  beforeAll(async () => {
    db = await openTestDatabase();
    services = createServices({
      config: loadConfig({ MONGODB_URI: db.uri, NODE_ENV: 'test' }),
      logger: createLogger('silent'),
      db: db.conn,
    });
    await syncIndexes(services.models);
  });
  afterAll(() => db.drop());

  const newMatter = async () =>
    (
      await createMatter(services, {
        tenant: 'demo',
        input: matterRequest([{ name: '张三', idType: 'resident_id', idNumber: residentId(1) }]) as never,
      })
    ).state;

  it('serves a matter it holds after one probe, sees what another node committed, and never shares its copy', async () => {
    const { matter } = await newMatter();
    const held = await services.ledger.load(matter._id);
    held!.matter.entityName = 'changed by a caller';
    held!.tasks[0].status = 'confirmed';
    const again = await services.ledger.load(matter._id);
    expect(again!.matter.entityName).toBe(matter.entityName);
    expect(again!.tasks[0].status).toBe('pending');

    // Another node: its own ledger on the same database.
    const other = new MatterLedger(services.models, createChainAnchor(services.config.AUDIT_ANCHOR_KEY));
    await other.commit(matter._id, () => ({ type: 'test.touched', matter: { entityName: '另一节点' } }));
    const after = await services.ledger.load(matter._id);
    expect(after!.matter).toMatchObject({ entityName: '另一节点', version: matter.version + 1 });
  });

  it('gives every one of many concurrent writers its own sequence number, with no lost change', async () => {
    const { matter } = await newMatter();
    const writers = Array.from({ length: 10 }, (_, i) =>
      services.ledger.commit(matter._id, ({ matter: m }) => ({
        type: 'test.touched',
        data: { writer: i },
        matter: { entityName: `${m.entityName}+` },
      })),
    );
    const results = await Promise.all(writers);
    expect(results.map((r) => r.seq).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const state = await services.ledger.load(matter._id);
    expect(state!.matter.version).toBe(11);
    // Each writer decided on the state left by the one before: all ten appends survive.
    expect(state!.matter.entityName).toBe(`${matter.entityName}${'+'.repeat(10)}`);
    expect(await services.ledger.verifyChain(matter._id)).toEqual({ ok: true, length: 11, anchored: true });
  });

  it('applies an event whose writer died before bringing the documents up to it', async () => {
    const { matter, tasks } = await newMatter();
    const body = {
      matterId: matter._id,
      seq: 2,
      type: 'task.verified',
      at: new Date(),
      taskId: tasks[0]._id,
      data: {},
      patch: { matter: {}, tasks: { [tasks[0]._id]: { verify: 'done', verifiedBy: 'v-1' } } },
      prevHash: matter.lastHash,
    };
    const hash = eventHash(body);
    const anchor = createChainAnchor(services.config.AUDIT_ANCHOR_KEY).sign({ matterId: matter._id, seq: 2, hash });
    await services.models.MatterEvent.create({ _id: `${matter._id}:2`, tenant: 'demo', ...body, hash, anchor });
    expect((await services.models.Matter.findById(matter._id).lean())!.version).toBe(1); // the documents lag
    const followed: number[] = [];
    const follow = (matterId: string, seq: number) => matterId === matter._id && followed.push(seq);
    services.changes.on('committed', follow);

    const state = await services.ledger.load(matter._id);
    expect(state!.matter.version).toBe(2);
    expect(state!.tasks[0]).toMatchObject({ verify: 'done', verifiedBy: 'v-1', seq: 2 });
    // The next writer continues the chain after the recovered event.
    const next = await services.ledger.commit(matter._id, () => ({ type: 'test.after', data: {} }));
    expect(next.seq).toBe(3);
    expect(await services.ledger.verifyChain(matter._id)).toEqual({ ok: true, length: 3, anchored: true });
    services.changes.off('committed', follow);
    // Followers learn of both; only the change this process wrote counts as its commit.
    expect(followed).toEqual([2, 3]);
    const commits = (await services.metrics.scrape()).body;
    expect(commits).toContain('regverify_ledger_commits_total{type="test.after"} 1');
    expect(commits).not.toContain('regverify_ledger_commits_total{type="task.verified"}');
  });

  it('notices an altered audit event', async () => {
    const { matter } = await newMatter();
    await services.ledger.commit(matter._id, () => ({ type: 'test.one', data: { decision: 'approved' } }));
    await services.ledger.commit(matter._id, () => ({ type: 'test.two', data: {} }));
    await services.models.MatterEvent.updateOne({ _id: `${matter._id}:2` }, { $set: { 'data.decision': 'refused' } });
    expect(await services.ledger.verifyChain(matter._id)).toEqual({ ok: false, seq: 2, problem: 'content does not match its hash' });
  });

  it('notices a deleted last event, and a head the matter does not name', async () => {
    const { matter } = await newMatter();
    await services.ledger.commit(matter._id, () => ({ type: 'test.one', data: {} }));
    await services.ledger.commit(matter._id, () => ({ type: 'test.two', data: {} }));
    await ledgerTamperer(db.conn).deleteLastEvent(matter._id);
    // What is left is a whole chain on its own: only the matter (version 3) tells that one is gone.
    expect(await services.ledger.verifyChain(matter._id)).toEqual({ ok: false, seq: 3, problem: 'missing event' });

    const other = (await newMatter()).matter;
    await services.ledger.commit(other._id, () => ({ type: 'test.one', data: {} }));
    await services.models.Matter.updateOne({ _id: other._id }, { $set: { lastHash: 'f'.repeat(64) } });
    expect(await services.ledger.verifyChain(other._id)).toEqual({ ok: false, seq: 2, problem: 'head does not match the matter' });
  });

  it('notices an event rewritten with its hash and every later one recomputed, by the anchors it cannot remake', async () => {
    const { matter } = await newMatter();
    await services.ledger.commit(matter._id, () => ({ type: 'test.one', data: { decision: 'approved' } }));
    await services.ledger.commit(matter._id, () => ({ type: 'test.two', data: {} }));
    const tamperer = ledgerTamperer(db.conn);
    await tamperer.rewriteEvent(matter._id, 2, { 'data.decision': 'refused' });
    expect(await services.ledger.verifyChain(matter._id)).toEqual({ ok: false, seq: 2, problem: 'anchor does not match' });

    // Dropping the anchors that no longer match leaves events without one after an anchored one.
    await tamperer.rewriteEvent(matter._id, 2, {}, { stripAnchors: true });
    expect(await services.ledger.verifyChain(matter._id)).toEqual({ ok: false, seq: 2, problem: 'event not anchored' });
    // A later commit anchors its own event, not the rewritten ones before it.
    await services.ledger.commit(matter._id, () => ({ type: 'test.three', data: {} }));
    expect(await services.ledger.verifyChain(matter._id)).toEqual({ ok: false, seq: 2, problem: 'event not anchored' });
  });

  it('verifies a chain written before anchors as whole but unanchored, and goes on anchoring it', async () => {
    const { matter } = await newMatter();
    await services.ledger.commit(matter._id, () => ({ type: 'test.one', data: {} }));
    await services.models.MatterEvent.updateMany({ matterId: matter._id }, { $set: { anchor: null } });
    expect(await services.ledger.verifyChain(matter._id)).toEqual({ ok: true, length: 2, anchored: false });
    // Its new events are anchored; its first part stays what it was.
    await services.ledger.commit(matter._id, () => ({ type: 'test.two', data: {} }));
    expect(await services.ledger.verifyChain(matter._id)).toEqual({ ok: true, length: 3, anchored: false });
    // …and after its first anchored event, one without an anchor is reported again.
    await services.ledger.commit(matter._id, () => ({ type: 'test.three', data: {} }));
    await services.models.MatterEvent.updateOne({ _id: `${matter._id}:4` }, { $set: { anchor: null } });
    expect(await services.ledger.verifyChain(matter._id)).toEqual({ ok: false, seq: 4, problem: 'event not anchored' });
  });

  it('tells anchors made with another key from forged ones', async () => {
    const { matter } = await newMatter();
    const otherKey = new MatterLedger(services.models, createChainAnchor(Buffer.alloc(32, 3).toString('base64')));
    expect(await otherKey.verifyChain(matter._id)).toEqual({ ok: false, seq: 1, problem: 'anchored with another key' });
    const [id] = (await services.models.MatterEvent.findById(`${matter._id}:1`).lean())!.anchor!.split('.');
    await services.models.MatterEvent.updateOne({ _id: `${matter._id}:1` }, { $set: { anchor: `${id}.${'A'.repeat(43)}` } });
    expect(await services.ledger.verifyChain(matter._id)).toEqual({ ok: false, seq: 1, problem: 'anchor does not match' });
  });

  it('commits nothing when the decision is "no change"', async () => {
    const { matter } = await newMatter();
    const result = await services.ledger.commit(matter._id, () => null);
    expect(result).toMatchObject({ committed: false, seq: 1 });
    expect(await services.models.MatterEvent.countDocuments({ matterId: matter._id })).toBe(1);
  });
});
