import { randomUUID } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import type { MatterView } from '@regverify/shared';
import { DEV_SECRETS } from '../../../config/runtime';
import { createChainAnchor } from '../ledger/anchor';
import { MatterLedger } from '../ledger/ledger';
import { createModels } from '../models';
import { databaseUri, startBffProcess } from '../../test/bffProcess';
import { apiClient } from '../../test/client';
import { openTestDatabase } from '../../test/database';
import { matterRequest, residentId, signaturePng } from '../../test/factories';
import { SandboxPerson } from '../../test/person';
import { freePort } from '../../test/ports';
import { until } from '../../test/until';
import { report } from './figures';

type Bff = Awaited<ReturnType<typeof startBffProcess>>;

/** One confirmation ready to be sent: the person is at the confirm step of their task. */
interface Prepared {
  matterId: string;
  taskId: string;
  token: string;
  requestId: string;
  body: { verificationId: string; documentsDigest: string; signature: string };
}

/** What the client saw of a confirmation: an answer, or the connection lost before one. */
type Outcome = { status: number; body: any } | { lost: string };

const NAMES = ['赵一', '钱二', '孙三', '李四', '周五', '吴六', '郑七', '王八'];

/** POST confirm as the mini-program sends it, with a request id of our own. */
async function sendConfirm(baseUrl: string, p: Prepared): Promise<Outcome> {
  try {
    const res = await fetch(`${baseUrl}/api/mp/todos/${p.taskId}/confirm`, {
      method: 'POST',
      headers: { authorization: `Bearer ${p.token}`, 'content-type': 'application/json', 'x-request-id': p.requestId },
      body: JSON.stringify(p.body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  } catch (err) {
    return { lost: (err as Error & { cause?: { code?: string } }).cause?.code ?? (err as Error).message };
  }
}

const acknowledged = (o: Outcome | undefined): boolean => !!o && 'status' in o && o.status >= 200 && o.status < 300;

/**
 * The BFF is SIGKILLed while eight confirmations (three matters) are in flight, and restarted on
 * the same database and port. Every confirmation it acknowledged is there, none is there twice
 * (the ledger's hash chain verifies), the unacknowledged ones can be retried, and portal sockets
 * that reconnect to the restarted process converge on each matter's final version.
 */
describe('fault: SIGKILL while confirmations are in flight', () => {
  jest.setTimeout(120_000);
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let port: number;
  const processes: Bff[] = [];
  const sockets: Socket[] = [];

  const boot = async () => {
    const bff = await startBffProcess({ MONGODB_URI: databaseUri(db.uri, db.dbName), PORT: String(port) });
    processes.push(bff);
    return bff;
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    port = await freePort();
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await Promise.allSettled(processes.map((p) => p.stop('SIGKILL')));
    await db?.drop();
  });

  it('keeps every acknowledged confirmation exactly once; the others can be retried; live views converge', async () => {
    const first = await boot();
    const portal = apiClient(first.url, 'demo-portal-key');

    // Three matters of 3, 2 and 3 people; each person goes up to the confirm step.
    let n = 900;
    const matters: Array<{ id: string; people: Array<{ name: string; idType: 'resident_id'; idNumber: string }> }> = [];
    for (const size of [3, 2, 3]) {
      const people = Array.from({ length: size }, () => ({
        name: NAMES[n % NAMES.length],
        idType: 'resident_id' as const,
        idNumber: residentId(n++),
      }));
      const created = await portal.post('/api/portal/matters', matterRequest(people));
      expect(created.status).toBe(201);
      matters.push({ id: created.body.matter.id, people });
    }
    const prepared: Prepared[] = await Promise.all(
      matters.flatMap((m) =>
        m.people.map(async (who) => {
          const person = await new SandboxPerson(first.url, who).throughEntry();
          const { taskId } = await person.todoOf(m.id);
          const { documentsDigest } = await person.detail(taskId);
          const verificationId = await person.passTaskCheck(taskId);
          return {
            matterId: m.id,
            taskId,
            token: person.token,
            requestId: randomUUID(),
            body: { verificationId, documentsDigest, signature: signaturePng() },
          };
        }),
      ),
    );

    // A portal page per matter, connected to this node; socket.io reconnects by itself (default back-off).
    const latest = new Map<string, MatterView>();
    for (const m of matters) {
      const { token } = (await portal.post(`/api/portal/matters/${m.id}/viewer-token`)).body;
      const socket = connect(`${first.url}/portal`, { auth: { token }, transports: ['websocket'], forceNew: true });
      const accept = (view: MatterView) => {
        if ((latest.get(m.id)?.version ?? 0) < view.version) latest.set(m.id, view);
      };
      socket.on('matter:snapshot', accept);
      socket.on('matter:updated', accept);
      sockets.push(socket);
    }
    await until(() => matters.every((m) => latest.has(m.id)), 'a snapshot on every socket');

    // All confirmations at once; SIGKILL as soon as the first two answers are in.
    const outcomes = new Map<string, Outcome>();
    let answered = 0;
    const exited = new Promise((r) => first.child.once('exit', r));
    await Promise.all(
      prepared.map(async (p) => {
        const outcome = await sendConfirm(first.url, p);
        outcomes.set(p.taskId, outcome);
        if ('status' in outcome && ++answered === 2) first.child.kill('SIGKILL');
      }),
    );
    if (first.child.exitCode === null && first.child.signalCode === null) first.child.kill('SIGKILL');
    await exited;
    expect(first.child.signalCode).toBe('SIGKILL');

    const events = db.conn.collection<{
      _id: string;
      matterId: string;
      seq: number;
      type: string;
      taskId?: string;
      data: { verificationId?: string };
    }>('matter_events');
    const confirmedInLedger = async (taskId: string) => events.find({ type: 'task.confirmed', taskId }).toArray();
    const acked = prepared.filter((p) => acknowledged(outcomes.get(p.taskId)));
    const unacked = prepared.filter((p) => !acknowledged(outcomes.get(p.taskId)));
    // Every acknowledgement was the documented answer, and its event was in the ledger at the crash.
    for (const p of acked) {
      expect(outcomes.get(p.taskId)).toEqual({ status: 200, body: { status: 'confirmed' } });
      expect(await confirmedInLedger(p.taskId)).toHaveLength(1);
    }
    const committedUnacked = (await Promise.all(unacked.map(async (p) => (await confirmedInLedger(p.taskId)).length))).filter(
      (c) => c > 0,
    ).length;
    const claimedUncommitted = (
      await Promise.all(
        unacked.map(
          async (p) =>
            (await db.conn.collection('claims').countDocuments({ _id: `verification:${p.body.verificationId}` as any })) > 0 &&
            (await confirmedInLedger(p.taskId)).length === 0,
        ),
      )
    ).filter(Boolean).length;

    const restartStarted = Date.now();
    const second = await boot();
    const restartMs = Date.now() - restartStarted;
    const restartedAt = Date.now();
    const portalAfter = apiClient(second.url, 'demo-portal-key');

    // Acknowledged means kept: the restarted node shows each of them confirmed.
    for (const p of acked) {
      const view = (await portalAfter.get(`/api/portal/matters/${p.matterId}`)).body as MatterView;
      expect(view.participants.find((t) => t.taskId === p.taskId)?.confirmedAt).not.toBeNull();
    }

    // The others are sent again with the same body — half with the same X-Request-Id, half with a
    // new one, as the mini-program (which sends none) would: confirmed now, or already confirmed by
    // the request that was cut off — with this very verification.
    const retries: Record<string, number> = {};
    for (const [i, p] of unacked.entries()) {
      const again = await sendConfirm(second.url, i % 2 === 0 ? p : { ...p, requestId: randomUUID() });
      expect('status' in again).toBe(true);
      const { status, body } = again as { status: number; body: any };
      const key = status === 200 ? 'confirmed' : `${status} ${body?.error?.code}`;
      retries[key] = (retries[key] ?? 0) + 1;
      if (status !== 200) {
        expect({ status, code: body?.error?.code }).toEqual({ status: 409, code: 'task_not_pending' });
        const [event] = await confirmedInLedger(p.taskId);
        expect(event?.data.verificationId).toBe(p.body.verificationId);
      }
    }

    // Exactly one confirmation per task; the hash chain of every matter verifies; all are ready.
    const ledger = new MatterLedger(createModels(db.conn), createChainAnchor(DEV_SECRETS.AUDIT_ANCHOR_KEY));
    for (const p of prepared) expect(await confirmedInLedger(p.taskId)).toHaveLength(1);
    const finalVersions = new Map<string, number>();
    for (const m of matters) {
      // created, each task's face check (task.verified), each confirmation — nothing else, nothing twice
      const length = 1 + 2 * m.people.length;
      expect(await ledger.verifyChain(m.id)).toEqual({ ok: true, length, anchored: true });
      const types = (await events.find({ matterId: m.id }).sort({ seq: 1 }).toArray()).map((e) => e.type);
      expect(types.filter((t) => t === 'task.confirmed')).toHaveLength(m.people.length);
      expect(types.filter((t) => t === 'task.verified')).toHaveLength(m.people.length);
      const view = (await portalAfter.get(`/api/portal/matters/${m.id}`)).body as MatterView;
      expect(view).toMatchObject({
        status: 'ready',
        canSubmit: true,
        version: length,
        progress: { done: m.people.length, total: m.people.length },
      });
      finalVersions.set(m.id, view.version);
    }

    // The portal pages reconnected to the restarted node by themselves and show the final state.
    await until(
      () => matters.every((m) => latest.get(m.id)?.version === finalVersions.get(m.id)),
      'every socket on the final version',
      30_000,
    );
    const convergedMs = Date.now() - restartedAt;
    for (const m of matters)
      expect(latest.get(m.id)).toMatchObject({ id: m.id, canSubmit: true, status: 'ready', version: finalVersions.get(m.id) });
    expect(sockets.every((s) => s.connected)).toBe(true);

    report('SIGKILL during confirmations', {
      'confirmations sent': prepared.length,
      'acknowledged (200) before the kill': acked.length,
      'unacknowledged (connection lost or error)': unacked.length,
      '… of which committed before the kill': committedUnacked,
      '… of which verification claimed, not committed': claimedUncommitted,
      'retries after restart':
        Object.entries(retries)
          .map(([k, v]) => `${k}: ${v}`)
          .join(', ') || 'none',
      'BFF restart to ready ms': restartMs,
      'sockets on final version after restart ms': convergedMs,
    });
    // The kill must land while confirmations are in flight, or this test proves nothing.
    expect(unacked.length).toBeGreaterThan(0);
  });
});
