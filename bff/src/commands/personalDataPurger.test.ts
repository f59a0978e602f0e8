import { MatterViewSchema } from '@regverify/shared';
import { loadConfig } from '../../../config/runtime';
import { LIFETIMES } from '../domain/lifetimes';
import { createLogger } from '../logger';
import { syncIndexes } from '../models';
import { sealPerson } from '../models/sealedPerson';
import { presentMatter } from '../presenters/matter';
import { createServices, type Services } from '../services';
import { openTestDatabase } from '../../test/database';
import { matterRequest, residentId } from '../../test/factories';
import { cancelMatter } from './matterCanceller';
import { createMatter } from './matterCreator';
import { startRetentionSweeper } from '../jobs/retentionSweeper';
import { purgePersonalData, removeStaleRecords, SCRATCH_KEEP_MS } from './personalDataPurger';

const DAY_MS = 24 * 3600_000;

describe('personal data purge and the retention sweeper', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let now = new Date('2026-11-20T08:00:00Z');
  let services: Services;
  let n = 100;

  /** A matter of two people, cancelled at `now`, with a signature and a face check of the first person. */
  const closedMatter = async () => {
    const input = matterRequest([
      { name: '张三', idType: 'resident_id', idNumber: residentId(++n) },
      { name: '李四', idType: 'resident_id', idNumber: residentId(++n) },
    ]);
    const { state } = await createMatter(services, { tenant: 'demo', input: input as never });
    const [first] = state.tasks;
    await services.models.Signature.create({
      _id: `${first._id}:1`,
      taskId: first._id,
      matterId: state.matter._id,
      pngEnc: services.vault.encrypt('png', { collection: 'signatures', id: `${first._id}:1`, field: 'pngEnc' }),
      sha256: 'x',
      createdAt: now,
    });
    await services.models.Verification.create({
      _id: `v-${first._id}`,
      sessionId: 's',
      purpose: 'task',
      taskId: first._id,
      matterId: state.matter._id,
      lookup: first.person.lookup,
      provider: 'sandbox',
      providerRef: `sbx_v-${first._id}`,
      status: 'pending',
      createdAt: now,
      expiresAt: new Date(now.getTime() + 60_000),
    });
    await services.models.SandboxOutcome.create({ _id: `sbx_v-${first._id}`, outcome: 'pass', at: now });
    await cancelMatter(services, { tenant: 'demo', matterId: state.matter._id });
    return state.matter._id;
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    services = createServices({
      config: loadConfig({ MONGODB_URI: db.uri, NODE_ENV: 'test', RETENTION_DAYS: '30' }),
      logger: createLogger('silent'),
      db: db.conn,
      now: () => now,
    });
    await syncIndexes(services.models);
  });
  afterAll(() => db.drop());

  it('keeps a closed matter RETENTION_DAYS after it closed, then purges it once, through the ledger', async () => {
    now = new Date('2026-11-20T08:00:00Z');
    const matterId = await closedMatter();
    const sweeper = startRetentionSweeper(services, 3_600_000);
    try {
      now = new Date(new Date('2026-11-20T08:00:00Z').getTime() + 30 * DAY_MS - 1000);
      expect((await sweeper.sweep()).matters).toBe(0);
      now = new Date(new Date('2026-11-20T08:00:00Z').getTime() + 30 * DAY_MS);
      expect((await sweeper.sweep()).matters).toBe(1);
      expect((await sweeper.sweep()).matters).toBe(0);
    } finally {
      sweeper.stop();
    }

    const state = await services.ledger.load(matterId);
    expect(state!.matter).toMatchObject({ status: 'cancelled', purgedAt: now, contentHash: 'purged' });
    for (const task of state!.tasks) expect(task.person).toEqual({ idType: 'resident_id' });
    const redactions = await services.models.MatterEvent.find({ matterId, type: 'matter.redacted' }).lean();
    expect(redactions.map((e) => e.data)).toEqual([{ reason: 'retention' }]);
    expect(await services.ledger.verifyChain(matterId)).toEqual({ ok: true, length: 3, anchored: true });

    expect(await services.models.Signature.countDocuments({ matterId })).toBe(0);
    const [check] = await services.models.Verification.find({ matterId }).lean();
    expect(check).toMatchObject({ status: 'failed', providerRef: expect.any(String) });
    expect(check).not.toHaveProperty('lookup');
    expect(await services.models.SandboxOutcome.countDocuments({ _id: check.providerRef })).toBe(0);

    // Every stored snapshot keeps its shape, without the people; reads answer blanks, never crash.
    for (const event of await services.models.MatterEvent.find({ matterId }).lean()) {
      expect(MatterViewSchema.safeParse(event.view).success).toBe(true);
      expect(
        (event.view as { participants: Array<{ name: string; idNumberMasked: string }> }).participants.map(
          (p) => p.name + p.idNumberMasked,
        ),
      ).toEqual(['', '']);
    }
    const view = presentMatter(state!);
    expect(view).toMatchObject({
      purgedAt: now.toISOString(),
      participants: [
        { name: '', idNumberMasked: '' },
        { name: '', idNumberMasked: '' },
      ],
    });
    expect(MatterViewSchema.safeParse(view).success).toBe(true);
  });

  it('refuses to purge an open matter (409 matter_active) and leaves it alone', async () => {
    const { state } = await createMatter(services, {
      tenant: 'demo',
      input: matterRequest([{ name: '王五', idType: 'resident_id', idNumber: residentId(++n) }]) as never,
    });
    await expect(purgePersonalData(services, { matterId: state.matter._id, reason: 'portal' })).rejects.toMatchObject({
      status: 409,
      code: 'matter_active',
    });
    const after = await services.ledger.load(state.matter._id);
    expect(after!.tasks[0].person.nameMasked).toBe('王*');
    expect(after!.matter.version).toBe(1);
  });

  it('records one redaction when several nodes purge the same matter at once, and the chain still verifies', async () => {
    const matterId = await closedMatter();
    const results = await Promise.all([1, 2, 3, 4].map(() => purgePersonalData(services, { matterId, reason: 'portal' })));
    expect(new Set(results.map((s) => String(s.matter.purgedAt))).size).toBe(1);
    expect(await services.models.MatterEvent.countDocuments({ matterId, type: 'matter.redacted' })).toBe(1);
    expect(await services.ledger.verifyChain(matterId)).toEqual({ ok: true, length: 3, anchored: true });
    const again = await purgePersonalData(services, { matterId, reason: 'retention' });
    expect(again.matter.version).toBe(3);
    expect(await services.models.MatterEvent.countDocuments({ matterId, type: 'matter.redacted' })).toBe(1);
  });

  it('removes expired sessions, entry checks their sessions outlived, day-old claims and sandbox outcomes, and audit events past retention', async () => {
    now = new Date('2027-03-01T08:00:00Z');
    const session = (id: string, expiresAt: Date) => ({
      _id: id,
      platform: 'alipay',
      platformUserId: `user-${id}`,
      createdAt: new Date(expiresAt.getTime() - LIFETIMES.sessionMs),
      expiresAt,
      identity: {
        ...sealPerson(services.vault, { name: '赵六', idType: 'resident_id', idNumber: residentId(++n) }, { collection: 'sessions', id }),
        consentVersion: '2026-11',
        consentAt: now,
      },
    });
    await services.models.Session.create([session('gone', new Date(now.getTime() - 1)), session('live', new Date(now.getTime() + 60_000))]);
    const entry = (id: string, createdAt: Date) => ({
      _id: id,
      sessionId: 'gone',
      purpose: 'entry',
      lookup: 'l',
      provider: 'sandbox',
      providerRef: `sbx_${id}`,
      status: 'passed',
      createdAt,
      expiresAt: createdAt,
    });
    await services.models.Verification.create([
      entry('old-entry', new Date(now.getTime() - LIFETIMES.sessionMs)),
      entry('new-entry', new Date(now.getTime() - 60_000)),
    ]);
    await services.models.SandboxOutcome.create([
      { _id: 'sbx_old', outcome: 'pass', at: new Date(now.getTime() - SCRATCH_KEEP_MS) },
      { _id: 'sbx_new', outcome: 'pass', at: now },
    ]);
    await services.models.Claim.deleteMany({});
    await services.models.Claim.create([
      { _id: 'verification:fresh', owner: 'me', at: new Date(now.getTime() - 60_000) },
      { _id: 'verification:old', owner: 'me', at: new Date(now.getTime() - SCRATCH_KEEP_MS - 1) },
    ]);

    const audit = (id: string, at: Date) => ({ _id: id, at, kind: 'bank_card_refused', subject: 'l', actor: 'session', data: {} });
    await services.models.AuditEvent.create([
      audit('audit-old', new Date(now.getTime() - 30 * 24 * 3600_000 - 1)),
      audit('audit-new', now),
    ]);

    expect(await removeStaleRecords(services)).toEqual({ sessions: 1, entryChecks: 1, claims: 1, sandboxOutcomes: 1, auditEvents: 1 });
    expect(await services.models.AuditEvent.exists({ _id: 'audit-new' })).toBeTruthy();
    expect(await services.models.Session.exists({ _id: 'live' })).toBeTruthy();
    expect(await services.models.Verification.exists({ _id: 'new-entry' })).toBeTruthy();
    expect(await services.models.Claim.exists({ _id: 'verification:fresh' })).toBeTruthy();
    expect(await removeStaleRecords(services)).toEqual({ sessions: 0, entryChecks: 0, claims: 0, sandboxOutcomes: 0, auditEvents: 0 });
  });
});
