/**
 * `GET /api/operator/alarms`: the console's list of person alarms, raised for real (stranger
 * accounts spending a person's bank-card budget at the real limits). Each operator sees the alarms of
 * people named in their own tenants' matters, masked, with those matters only, and whether the counts
 * were lifted since.
 */
import { PERSON_BUDGET_LABELS } from '@regverify/shared';
import { raiseBankCardAlarm } from '../../../test/alarms';
import { apiClient, operatorAuthorization } from '../../../test/client';
import { openTestDatabase } from '../../../test/database';
import { matterRequest, residentId } from '../../../test/factories';
import { startTestServer, type TestServer } from '../../../test/server';
import { hashOperatorSecret } from '../../security/operatorSecrets';

type Alarm = {
  id: string;
  at: string;
  budget: string;
  person: { name: string; idType: string; idNumberMasked: string };
  matters: Array<{ matterId: string; tenant: string }>;
  lifted: { operator: string; at: string } | null;
};

let n = 0;
const someone = (name: string) => ({ name, idType: 'resident_id' as const, idNumber: residentId(700 + n++) });
const DAY_MS = 24 * 3600_000;

describe('GET /api/operator/alarms', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  let offsetMs = 0;
  const SECRETS = { wang: 'wang-secret-0001', li: 'li-secret-0002', zhao: 'zhao-secret-0003' } as const;
  const operator = (name: keyof typeof SECRETS) => apiClient(server.url, operatorAuthorization(name, SECRETS[name]));
  const alarmsOf = async (name: keyof typeof SECRETS): Promise<Alarm[]> => {
    const res = await operator(name).get('/api/operator/alarms');
    expect(res.status).toBe(200);
    return res.body.items;
  };
  /** A matter of `tenant` naming these people. */
  const matterOf = async (people: Array<ReturnType<typeof someone>>, key = 'demo-portal-key') => {
    const res = await apiClient(server.url, key).post('/api/portal/matters', matterRequest(people));
    expect(res.status).toBe(201);
    return res.body.matter as { id: string; portalRef: string; entityName: string };
  };
  const alarmIdsOf = async (who: ReturnType<typeof someone>) =>
    (
      await server.services.models.AuditEvent.find(
        { kind: 'person_alarm', subject: server.services.vault.lookupHash(who.idType, who.idNumber) },
        { _id: 1 },
      ).lean()
    ).map((a) => a._id);

  beforeAll(async () => {
    db = await openTestDatabase();
    const [wang, li, zhao] = await Promise.all(Object.values(SECRETS).map((s) => hashOperatorSecret(s)));
    server = await startTestServer(
      db.conn,
      {
        // The real limits: the person's threshold is what raises the alarm.
        RATE_LIMIT_SCALE: '1',
        PORTAL_KEYS: 'demo:demo-portal-key,other:other-portal-key-1',
        // 王 acts for demo, 李 for other, 赵 for every tenant.
        OPERATORS: `wang:${wang}:demo,li:${li}:other,zhao:${zhao}:*`,
      },
      { now: () => new Date(Date.now() + offsetMs) },
    );
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  it('shows an operator of the person’s tenant the alarm, masked, with its matter; another tenant’s operator does not see it', async () => {
    const who = someone('欧阳明华');
    const matter = await matterOf([who]);
    await raiseBankCardAlarm(server.url, who, 'stranger-a');
    const [alarmId] = await alarmIdsOf(who);
    expect(alarmId).toEqual(expect.any(String));

    const res = await operator('wang').get('/api/operator/alarms');
    const alarm = (res.body.items as Alarm[]).find((a) => a.id === alarmId);
    expect(alarm).toEqual({
      id: alarmId,
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      budget: 'bankCardFailures',
      budgetLabel: PERSON_BUDGET_LABELS.bankCardFailures,
      person: {
        name: '欧***',
        idType: 'resident_id',
        idNumberMasked: `${who.idNumber.slice(0, 4)}${'*'.repeat(10)}${who.idNumber.slice(-4)}`,
      },
      matters: [{ matterId: matter.id, portalRef: matter.portalRef, entityName: matter.entityName, tenant: 'demo', status: 'pending' }],
      lifted: null,
    });
    // Nothing unmasked, and not the lookup hash the alarm is recorded under.
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(who.idNumber);
    expect(text).not.toContain(who.name);
    expect(text).not.toContain(server.services.vault.lookupHash(who.idType, who.idNumber));

    expect((await alarmsOf('li')).map((a) => a.id)).not.toContain(alarmId);
    expect((await alarmsOf('zhao')).map((a) => a.id)).toContain(alarmId);
  });

  it('does not show an alarm of a person named in no matter, even to an operator of every tenant', async () => {
    const nobody = someone('司马相如');
    await raiseBankCardAlarm(server.url, nobody, 'stranger-b');
    const ids = await alarmIdsOf(nobody);
    expect(ids).toHaveLength(1);
    expect((await alarmsOf('zhao')).map((a) => a.id)).not.toContain(ids[0]);
  });

  it('shows a person named in two tenants’ matters to each operator with their own tenant’s matters only', async () => {
    const who = someone('上官婉儿');
    const ours = await matterOf([who]);
    const theirs = await matterOf([who], 'other-portal-key-1');
    await raiseBankCardAlarm(server.url, who, 'stranger-c');
    const [alarmId] = await alarmIdsOf(who);
    const mattersSeenBy = async (name: keyof typeof SECRETS) =>
      (await alarmsOf(name)).find((a) => a.id === alarmId)?.matters.map((m) => [m.matterId, m.tenant]);
    expect(await mattersSeenBy('wang')).toEqual([[ours.id, 'demo']]);
    expect(await mattersSeenBy('li')).toEqual([[theirs.id, 'other']]);
    expect(await mattersSeenBy('zhao')).toEqual([
      [theirs.id, 'other'],
      [ours.id, 'demo'],
    ]);
  });

  it('shows an alarm as lifted, by whom and when, after the unlock; a new alarm after it comes first and is not', async () => {
    const who = someone('诸葛亮明');
    await matterOf([who]);
    await raiseBankCardAlarm(server.url, who, 'stranger-d');
    const [first] = await alarmIdsOf(who);
    expect((await alarmsOf('wang')).find((a) => a.id === first)?.lifted).toBeNull();

    const unlocked = await operator('wang').post('/api/operator/people/unlock', { idType: who.idType, idNumber: who.idNumber });
    expect(unlocked.status).toBe(200);
    const lifted = (await alarmsOf('wang')).find((a) => a.id === first)!;
    expect(lifted.lifted).toEqual({ operator: 'wang', at: expect.any(String) });
    expect(Date.parse(lifted.lifted!.at)).toBeGreaterThanOrEqual(Date.parse(lifted.at));
    // 赵, of every tenant, sees the same lifting.
    expect((await alarmsOf('zhao')).find((a) => a.id === first)?.lifted).toMatchObject({ operator: 'wang' });

    // The counts start again: a new round of strangers raises a new alarm, newer and not lifted.
    await raiseBankCardAlarm(server.url, who, 'stranger-e');
    const ids = await alarmIdsOf(who);
    expect(ids).toHaveLength(2);
    const second = ids.find((id) => id !== first)!;
    const listed = await alarmsOf('wang');
    expect(listed.findIndex((a) => a.id === second)).toBeLessThan(listed.findIndex((a) => a.id === first));
    expect(listed.find((a) => a.id === second)?.lifted).toBeNull();
    expect(listed.find((a) => a.id === first)?.lifted).toMatchObject({ operator: 'wang' });
    // Newest first across people too.
    const times = listed.map((a) => Date.parse(a.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('lists only the last 7 days', async () => {
    expect((await alarmsOf('zhao')).length).toBeGreaterThan(0);
    offsetMs = 7 * DAY_MS + 60_000;
    try {
      expect(await alarmsOf('zhao')).toEqual([]);
    } finally {
      offsetMs = 0;
    }
  });
});
