import { databaseUri, startBffProcess } from '../../test/bffProcess';
import { apiClient } from '../../test/client';
import { openTestDatabase } from '../../test/database';
import { matterRequest, residentId, sha } from '../../test/factories';
import { startCallbackReceiver, until, type CallbackReceiver } from '../../test/callbackReceiver';

type Bff = Awaited<ReturnType<typeof startBffProcess>>;

/**
 * The outbox survives a crash: the real BFF, killed with SIGKILL while its callbacks are being
 * retried, and a new process on the same database that delivers every change — each event id at
 * least once, any repetition byte for byte the same.
 */
describe('callbacks across a BFF restart', () => {
  jest.setTimeout(120_000);
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let receiver: CallbackReceiver;
  const processes: Bff[] = [];

  const boot = async () => {
    const bff = await startBffProcess({
      MONGODB_URI: databaseUri(db.uri, db.dbName),
      CALLBACK_RETRY_BASE_MS: '200',
      CALLBACK_POLL_MS: '100',
      CALLBACK_ALLOW_PRIVATE: 'true', // the receiver listens on loopback
      LOG_LEVEL: 'warn',
    });
    processes.push(bff);
    return bff;
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    receiver = await startCallbackReceiver();
  });
  afterAll(async () => {
    await Promise.allSettled(processes.map((p) => p.stop('SIGKILL')));
    await receiver?.close();
    await db?.drop();
  });

  it('delivers every change after a SIGKILL in the middle of retries', async () => {
    receiver.answerWith(() => 500);
    const first = await boot();
    const portal = apiClient(first.url, 'demo-portal-key');
    const registered = await portal.put('/api/portal/callback', { url: receiver.url });
    expect(registered.status).toBe(200);
    receiver.useSecret(registered.body.secret);

    // Two matters, five changes: created, documents replaced, cancelled; created, documents replaced.
    const matters: string[] = [];
    for (const n of [1, 2]) {
      const created = await portal.post(
        '/api/portal/matters',
        matterRequest([{ name: '王五', idType: 'resident_id', idNumber: residentId(700 + n) }]),
      );
      expect(created.status).toBe(201);
      matters.push(created.body.matter.id);
      const replaced = await portal.put(`/api/portal/matters/${created.body.matter.id}/documents`, {
        documents: [{ name: '公司章程', sha256: sha(`restart ${n}`) }],
      });
      expect(replaced.status).toBe(200);
    }
    expect((await portal.delete(`/api/portal/matters/${matters[0]}`)).status).toBe(200);

    // Retries under way: the first change of each matter has been refused at least twice.
    await until(() => matters.every((m) => receiver.received.filter((c) => c.eventId === `${m}:1`).length >= 2), 'retries of both matters');
    await first.stop('SIGKILL');
    const events = db.conn.collection<{ _id: string; matterId: string; seq: number; outbox: { status: string; attempts: number } }>(
      'matter_events',
    );
    const atCrash = await events.find({ matterId: { $in: matters } }).toArray();
    expect(atCrash).toHaveLength(5);
    expect(atCrash.every((e) => e.outbox.status === 'pending')).toBe(true);
    expect(Math.max(...atCrash.map((e) => e.outbox.attempts))).toBeGreaterThanOrEqual(2);

    await boot();
    receiver.answerWith(() => 200);

    const ledger = (await events.find({ matterId: { $in: matters } }).toArray()).map((e) => e._id).sort();
    expect(ledger).toEqual([`${matters[0]}:1`, `${matters[0]}:2`, `${matters[0]}:3`, `${matters[1]}:1`, `${matters[1]}:2`].sort());
    await until(() => ledger.every((id) => receiver.accepted().some((c) => c.eventId === id)), 'every change accepted', 60_000);
    await until(
      async () => (await events.countDocuments({ matterId: { $in: matters }, 'outbox.status': 'delivered' })) === ledger.length,
      'every outbox delivered',
      10_000,
    );

    // Every request was signed with the registered secret and names its event in header and body.
    expect(receiver.received.every((c) => c.verified === true)).toBe(true);
    expect(receiver.received.every((c) => c.json.id === c.eventId)).toBe(true);
    // Duplicates only with the same event id and an identical body.
    const bodies = new Map<string, Set<string>>();
    for (const c of receiver.received) bodies.set(c.eventId!, (bodies.get(c.eventId!) ?? new Set()).add(c.body));
    expect([...bodies.keys()].sort()).toEqual(ledger);
    for (const set of bodies.values()) expect(set.size).toBe(1);
    // Each matter's changes were accepted in version order, 1..N.
    for (const m of matters) {
      const versions = receiver
        .accepted()
        .filter((c) => c.json.matterId === m)
        .map((c) => c.json.version);
      expect([...new Set(versions)]).toEqual(m === matters[0] ? [1, 2, 3] : [1, 2]);
    }
  });

  it('retries a change whose POST was in flight when the BFF was killed', async () => {
    const running = processes.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
    const bff = running.at(-1) ?? (await boot());
    const portal = apiClient(bff.url, 'demo-portal-key');
    receiver.answerWith(() => 0); // the receiver takes the request and never answers
    const created = await portal.post(
      '/api/portal/matters',
      matterRequest([{ name: '赵六', idType: 'resident_id', idNumber: residentId(710) }]),
    );
    expect(created.status).toBe(201);
    const eventId = `${created.body.matter.id}:1`;
    await until(() => receiver.received.some((c) => c.eventId === eventId), 'the POST in flight');
    await bff.stop('SIGKILL');

    receiver.answerWith(() => 200);
    await boot();
    // The interrupted attempt is retried once its timeout (10 s) and the back-off have passed.
    await until(() => receiver.accepted().some((c) => c.eventId === eventId), 'the retry', 40_000);
    const requests = receiver.received.filter((c) => c.eventId === eventId);
    expect(requests.map((c) => [c.status, c.attempt])).toEqual([
      [0, '1'],
      [200, '2'],
    ]);
    expect(new Set(requests.map((c) => c.body)).size).toBe(1);
    expect(requests.every((c) => c.verified === true)).toBe(true);
    const events = db.conn.collection<{ _id: string; outbox: { status: string; attempts: number } }>('matter_events');
    await until(async () => (await events.findOne({ _id: eventId }))?.outbox.status === 'delivered', 'delivered recorded');
  });
});
