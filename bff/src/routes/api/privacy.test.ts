import { RedactResponseSchema } from '@regverify/shared';
import { startRetentionSweeper } from '../../jobs/retentionSweeper';
import { LIFETIMES } from '../../domain/lifetimes';
import { apiClient, type Answer } from '../../../test/client';
import { openTestDatabase } from '../../../test/database';
import { bankCard, matterRequest, residentId } from '../../../test/factories';
import { SandboxPerson } from '../../../test/person';
import { dumpDatabase, findLeaks, formsOf, memoryLogger, type Secret } from '../../../test/privacyScan';
import { startTestServer, type TestServer } from '../../../test/server';

/**
 * The privacy scan: after a whole multi-person flow (with a refused bank card and bad input on the
 * way), no collection of the database and no log line holds a name, an ID number or a bank-card
 * number in clear or in a common encoding. After redaction and the retention sweep, the
 * ciphertexts, lookup hashes and masked copies are gone too, and the audit trail still verifies.
 */
describe('privacy scan of a whole flow', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  const log = memoryLogger();
  let offsetMs = 0;
  const portal = () => apiClient(server.url, 'demo-portal-key');

  // Four-character names: long enough that their base64 forms cannot match a ciphertext by chance.
  const people = [
    { name: '欧阳明华', idType: 'resident_id' as const, idNumber: '11010519491231002X', roles: ['法定代表人', '股东'] },
    { name: '司马相如', idType: 'resident_id' as const, idNumber: residentId(31), roles: ['监事'] },
    { name: '上官婉儿', idType: 'hk_macau_permit' as const, idNumber: 'H12345678', roles: ['董事'] },
  ];
  const mistypedId = '11010519491231002Y';
  const secrets: Secret[] = [
    ...people.flatMap((p): Secret[] => [
      { kind: 'name', value: p.name },
      { kind: 'idNumber', value: p.idNumber },
    ]),
    { kind: 'idNumber', value: mistypedId },
    { kind: 'bankCard', value: bankCard() },
    { kind: 'bankCard', value: bankCard(true) },
  ];
  /** Error answers to bad input: they must not echo what was typed either. */
  const answers: Answer[] = [];

  beforeAll(async () => {
    db = await openTestDatabase();
    server = await startTestServer(db.conn, {}, { logger: log.logger, now: () => new Date(Date.now() + offsetMs) });
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  it('finds a planted value in the database and in the logs (the scan can fail)', async () => {
    const [ouyang] = people;
    const planted = db.conn.db!.collection('planted');
    await planted.insertOne({ note: `证件号 ${ouyang.idNumber.toLowerCase()} 已核验` });
    const found = (await dumpDatabase(db.conn)).flatMap(({ collection, text }) =>
      findLeaks(text, secrets).map((l) => ({ collection, ...l })),
    );
    expect(found).toEqual([{ collection: 'planted', secret: expect.stringMatching(/^idNumber:/), form: ouyang.idNumber.toLowerCase() }]);
    await planted.drop();

    const scratch = memoryLogger();
    scratch.logger.info({ blob: Buffer.from(`xx${ouyang.name}`).toString('base64') }, 'planted');
    scratch.logger.info({ card: bankCard().replace(/(\d{4})(?=\d)/g, '$1 ') }, 'planted'); // 6222 0212 3456 …
    scratch.logger.info({ note: encodeURIComponent(people[1].name) }, 'planted');
    scratch.logger.info(
      { note: JSON.stringify(people[2].name).replace(/[\u4e00-\u9fff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`) },
      'planted',
    );
    expect(scratch.lines).toHaveLength(4);
    expect(scratch.lines.map((line) => findLeaks(line, secrets).length)).toEqual([1, 1, 1, 1]);
    // The planted base64 starts two bytes into the text: its plain base64 is not in it, another alignment is.
    expect(scratch.lines[0]).not.toContain(Buffer.from(ouyang.name).toString('base64'));
    expect(formsOf({ kind: 'name', value: ouyang.name }).filter((form) => scratch.lines[0].includes(form))).toHaveLength(1);
  });

  it('keeps names, ID numbers and card numbers out of every collection and every log line, then purges the rest', async () => {
    // Bad input on the way in: refused without echoing it.
    answers.push(await portal().post('/api/portal/matters', matterRequest([{ ...people[0], idNumber: mistypedId }])));
    expect(answers[0].status).toBe(400);

    const created = await portal().post('/api/portal/matters', matterRequest(people));
    expect(created.status).toBe(201);
    const matterId: string = created.body.matter.id;

    for (const [i, who] of people.entries()) {
      const person = await new SandboxPerson(server.url, who).login();
      const typo = await person.api.put('/api/mp/identity', {
        ...who,
        idNumber: who.idType === 'resident_id' ? mistypedId : 'X1',
        consentVersion: '2026-11',
      });
      expect(typo.status).toBe(400);
      answers.push(typo);
      const { needsBankCard } = await person.enterIdentity();
      if (needsBankCard) {
        if (i === 0)
          expect(
            (await person.api.post('/api/mp/bankcard-checks', { cardNumber: bankCard(true), consentVersion: '2026-12' })).body.passed,
          ).toBe(false);
        await person.passBankCard();
      }
      if (i === 1) expect((await person.faceCheck({ purpose: 'entry' }, 'fail')).result.status).toBe('failed');
      const { result } = await person.faceCheck({ purpose: 'entry' });
      expect(result.status).toBe('passed');
      await person.confirm(matterId);
    }
    expect((await portal().post(`/api/portal/matters/${matterId}/submit`)).status).toBe(200);
    const signature = await portal().raw(`/api/portal/matters/${matterId}/tasks/${created.body.matter.participants[0].taskId}/signature`, {
      headers: { authorization: 'Bearer demo-portal-key' },
    });
    expect(signature.status).toBe(200);

    // 1. Nothing personal in clear, in any collection, in any log line, in any error answer.
    const dump = await dumpDatabase(db.conn);
    expect(dump.map((d) => d.collection)).toEqual(
      expect.arrayContaining(['matters', 'tasks', 'matter_events', 'sessions', 'verifications', 'signatures', 'claims']),
    );
    for (const { collection, text } of dump) expect({ collection, leaks: findLeaks(text, secrets) }).toEqual({ collection, leaks: [] });
    expect(log.lines.length).toBeGreaterThan(20); // the requests were logged, at every level
    expect(findLeaks(log.lines.join('\n'), secrets)).toEqual([]);
    for (const answer of answers) expect(findLeaks(JSON.stringify(answer.body), secrets)).toEqual([]);

    // What is kept until the purge: ciphertexts, lookup hashes, masked copies (seen by the same scan).
    const stored: Secret[] = [];
    const opaque = (value: string | undefined | null) => value && stored.push({ kind: 'opaque', value: value.slice(-40) });
    const tasks = await db.conn.db!.collection('tasks').find({ matterId }).toArray();
    for (const { person } of tasks)
      [person.nameEnc, person.idNumberEnc, person.lookup, person.nameMasked, person.idNumberMasked].forEach(opaque);
    for (const c of await db.conn.db!.collection('consents').find({ matterId }).toArray()) opaque(c.account);
    for (const s of await db.conn.db!.collection('sessions').find().toArray())
      [s.identity?.nameEnc, s.identity?.idNumberEnc, s.identity?.lookup].forEach(opaque);
    for (const s of await db.conn.db!.collection('signatures').find().toArray()) opaque(s.pngEnc);
    for (const v of await db.conn.db!.collection('verifications').find().toArray()) opaque(v.lookup);
    // tasks (with their rules and task face-check consents), sessions, signatures, face checks (4 entry, 3 task)
    expect(stored).toHaveLength(3 * 7 + 3 * 3 + 3 + 7);
    const all = () => dumpDatabase(db.conn).then((d) => d.map((c) => c.text).join('\n'));
    expect(findLeaks(await all(), stored)).toHaveLength(stored.length); // all there now, found by the same scan
    expect(findLeaks(log.lines.join('\n'), stored)).toEqual([]); // and never logged

    // 2. Redaction now, then the retention sweep once every session has run out.
    const redacted = await portal().post(`/api/portal/matters/${matterId}/redact`);
    expect(redacted.status).toBe(200);
    expect(RedactResponseSchema.safeParse(redacted.body).success).toBe(true);
    offsetMs = LIFETIMES.sessionMs + 25 * 3600_000;
    const swept = await startRetentionSweeper(server.services, 3_600_000).sweep();
    expect(swept).toMatchObject({ matters: 0, sessions: 3, entryChecks: 4 });

    // What stays: the audit trail of security events (a refused bank card, here) keeps its own
    // RETENTION_DAYS, naming the person by lookup hash only; nothing else.
    const outsideAudit = () =>
      dumpDatabase(db.conn).then((d) =>
        d
          .filter((c) => c.collection !== 'audit_events')
          .map((c) => c.text)
          .join('\n'),
      );
    expect(findLeaks(await outsideAudit(), [...secrets, ...stored])).toEqual([]);
    const audit = await db.conn.db!.collection('audit_events').find().toArray();
    expect(audit.map((e) => e.kind)).toEqual(['bank_card_refused']);
    expect(findLeaks(JSON.stringify(audit), secrets)).toEqual([]);
    offsetMs += server.config.RETENTION_DAYS * 24 * 3600_000;
    expect(await startRetentionSweeper(server.services, 3_600_000).sweep()).toMatchObject({ auditEvents: 1 });
    const after = await all();
    expect(findLeaks(after, [...secrets, ...stored])).toEqual([]);
    for (const t of await db.conn.db!.collection('tasks').find({ matterId }).toArray()) {
      expect(Object.keys(t.person)).toEqual(['idType']);
    }
    expect(await db.conn.db!.collection('signatures').countDocuments()).toBe(0);
    expect(await db.conn.db!.collection('consents').countDocuments({ matterId })).toBe(0); // the consent records (keyed account hashes)
    expect(await server.services.ledger.verifyChain(matterId)).toEqual({ ok: true, length: expect.any(Number), anchored: true });
    expect(findLeaks(log.lines.join('\n'), [...secrets, ...stored])).toEqual([]);

    const view = await portal().get(`/api/portal/matters/${matterId}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ status: 'submitted', purgedAt: redacted.body.purgedAt });
    expect(
      view.body.participants.map((p: { name: string; idNumberMasked: string; idType: string }) => [p.name, p.idNumberMasked, p.idType]),
    ).toEqual(people.map((p) => ['', '', p.idType]));
  });
});
