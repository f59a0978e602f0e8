import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { io as connect, type Socket } from 'socket.io-client';
import { PORTAL_NAMESPACE, SOCKET_EVENTS, type MatterView } from '@regverify/shared';
import { startBffProcess, databaseUri } from '../../test/bffProcess';
import { apiClient } from '../../test/client';
import { matterRequest, residentId, sha, type PersonSpec } from '../../test/factories';
import { SandboxPerson } from '../../test/person';
import { until } from '../../test/until';

/**
 * Load: thousands of portal sockets on one BFF process (a child, as in production) watching a
 * thousand matters while people confirm and portals change documents, submit and cancel for a
 * minute. Every socket must end on its matter's final version, every acknowledged confirmation
 * must be in the final state, and each matter's ledger must be whole. Figures are printed.
 * LOAD_MATTERS, LOAD_SOCKETS, LOAD_SECONDS scale it (defaults 1,000 / 5,000 / 60).
 */
const MATTERS = Number(process.env.LOAD_MATTERS ?? 1000);
const SOCKETS = Number(process.env.LOAD_SOCKETS ?? 5000);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
/** Matters whose people go through the mini-program flow (two people each); the rest get portal changes. */
const FLOW_MATTERS = Math.min(400, Math.floor(MATTERS / 2));
const KEY = 'demo-portal-key';

interface Watcher {
  matterId: string;
  socket: Socket;
  latest: number;
  updates: number;
  disconnects: number;
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    }),
  );
}

function watch(url: string, matterId: string, token: string): Promise<Watcher> {
  return new Promise((resolve, reject) => {
    const socket = connect(`${url}${PORTAL_NAMESPACE}`, {
      auth: { token },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      timeout: 60_000,
    });
    const w: Watcher = { matterId, socket, latest: 0, updates: 0, disconnects: 0 };
    const seen = (view: MatterView) => (w.latest = Math.max(w.latest, view.version));
    socket.on(SOCKET_EVENTS.updated, (view: MatterView) => {
      w.updates++;
      seen(view);
    });
    socket.on('disconnect', () => w.disconnects++);
    socket.once('connect_error', reject);
    socket.once(SOCKET_EVENTS.snapshot, (view: MatterView) => {
      seen(view);
      resolve(w);
    });
  });
}

describe(`portal sockets under load (${SOCKETS.toLocaleString('en')} sockets, ${MATTERS.toLocaleString('en')} matters, ${SECONDS} s of changes)`, () => {
  jest.setTimeout(10 * 60_000);
  const dbName = `load_${randomBytes(4).toString('hex')}`;
  let bff: Awaited<ReturnType<typeof startBffProcess>>;
  const watchers: Watcher[] = [];

  beforeAll(async () => {
    bff = await startBffProcess({ MONGODB_URI: databaseUri(process.env.MONGODB_URI!, dbName), PORTAL_KEYS: `demo:${KEY}` });
  });
  afterAll(async () => {
    watchers.forEach((w) => w.socket.disconnect());
    await bff?.stop();
    const conn = await mongoose.createConnection(databaseUri(process.env.MONGODB_URI!, dbName)).asPromise();
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
  });

  it('ends every socket on its matter’s final version, with every acknowledged confirmation kept', async () => {
    const portal = apiClient(bff.url, KEY);
    const figures: Record<string, string | number> = {};
    let k = 0;
    const person = (): PersonSpec => {
      const n = k++;
      const birth = new Date(Date.UTC(1970, 0, 1) + Math.floor(n / 1000) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
      return { name: '测试人', idType: 'resident_id', idNumber: residentId(n, birth) };
    };

    // 1,000 matters: the first FLOW_MATTERS with two people who will confirm, the others with one.
    let t = Date.now();
    const matters: Array<{ id: string; people: PersonSpec[] }> = Array.from({ length: MATTERS }, (_, i) => ({
      id: '',
      people: i < FLOW_MATTERS ? [person(), person()] : [person()],
    }));
    await pool(matters, 8, async (m) => {
      const res = await portal.post('/api/portal/matters', matterRequest(m.people));
      expect(res.status).toBe(201);
      m.id = res.body.matter.id;
    });
    figures['matters created'] = `${MATTERS} in ${((Date.now() - t) / 1000).toFixed(1)} s`;

    // 5,000 sockets, spread evenly over the matters.
    t = Date.now();
    const tokens = new Map<string, string>();
    await pool(matters, 8, async (m) => {
      const res = await portal.post(`/api/portal/matters/${m.id}/viewer-token`);
      expect(res.status).toBe(201);
      tokens.set(m.id, res.body.token);
    });
    await pool(
      Array.from({ length: SOCKETS }, (_, i) => matters[i % MATTERS].id),
      100,
      async (matterId) => {
        watchers.push(await watch(bff.url, matterId, tokens.get(matterId)!));
      },
    );
    const connectS = (Date.now() - t) / 1000;
    figures['sockets connected'] = `${watchers.length} in ${connectS.toFixed(1)} s (${(watchers.length / connectS).toFixed(0)}/s)`;
    expect(watchers).toHaveLength(SOCKETS);

    // A minute of changes: people confirming (four at a time) and portals replacing documents,
    // submitting what is ready and cancelling now and then.
    const acknowledged: Array<{ matterId: string; idNumber: string }> = [];
    const failures: string[] = [];
    const end = Date.now() + SECONDS * 1000;
    const flowQueue = matters.slice(0, FLOW_MATTERS).flatMap((m) => m.people.map((who) => ({ matterId: m.id, who })));
    const people = async () => {
      for (let next = flowQueue.shift(); next && Date.now() < end; next = flowQueue.shift()) {
        try {
          const p = await new SandboxPerson(bff.url, next.who).throughEntry();
          await p.confirm(next.matterId);
          acknowledged.push({ matterId: next.matterId, idNumber: next.who.idNumber });
        } catch (err) {
          failures.push(`confirm: ${(err as Error).message.split('\n')[0]}`);
        }
      }
    };
    let portalChanges = 0;
    const portals = async () => {
      const others = matters.slice(FLOW_MATTERS);
      for (let n = 0; Date.now() < end; n++) {
        const m = others[Math.floor(Math.random() * others.length)];
        const res =
          n % 50 === 49
            ? await portal.delete(`/api/portal/matters/${m.id}`)
            : await portal.put(`/api/portal/matters/${m.id}/documents`, { documents: [{ name: '公司章程', sha256: sha(`v${n}`) }] });
        // A cancelled matter refuses further changes with a 409; anything else is a failure.
        if (res.status === 200) portalChanges++;
        else if (res.status !== 409) failures.push(`portal: HTTP ${res.status}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const submitted = new Set<string>();
    const submitter = async () => {
      while (Date.now() < end) {
        await new Promise((r) => setTimeout(r, 1000));
        const done = new Map<string, number>();
        for (const a of acknowledged) done.set(a.matterId, (done.get(a.matterId) ?? 0) + 1);
        for (const m of matters.slice(0, FLOW_MATTERS)) {
          if (submitted.has(m.id) || done.get(m.id) !== m.people.length) continue;
          const res = await portal.post(`/api/portal/matters/${m.id}/submit`);
          if (res.status === 200) submitted.add(m.id);
          else failures.push(`submit: HTTP ${res.status}`);
        }
      }
    };
    t = Date.now();
    await Promise.all([people(), people(), people(), people(), portals(), submitter()]);
    figures['changes window'] =
      `${((Date.now() - t) / 1000).toFixed(1)} s: ${acknowledged.length} confirmations acknowledged, ${portalChanges} portal changes, ${submitted.size} submits`;
    expect(failures).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(0);

    // The final state, as the portal API reads it.
    const finals = new Map<string, MatterView>();
    await pool(matters, 8, async (m) => {
      const res = await portal.get(`/api/portal/matters/${m.id}`);
      expect(res.status).toBe(200);
      finals.set(m.id, res.body);
    });

    // Every socket converges on its matter's final version (the pushes may still be on their way).
    t = Date.now();
    await until(
      async () => watchers.every((w) => w.latest === finals.get(w.matterId)!.version),
      'every socket on its matter’s final version',
      60_000,
    );
    figures['convergence after the last change'] = `${Date.now() - t} ms`;
    expect(watchers.filter((w) => w.disconnects > 0)).toHaveLength(0);
    figures['pushes received'] = watchers.reduce((n, w) => n + w.updates, 0);

    // Every acknowledged confirmation is in the final state; the ledgers are whole.
    for (const a of acknowledged) {
      const view = finals.get(a.matterId)!;
      const masked = `${a.idNumber.slice(0, 4)}**********${a.idNumber.slice(-4)}`;
      expect(view.participants.find((p) => p.idNumberMasked === masked)?.confirmedAt).toEqual(expect.any(String));
    }
    const conn = await mongoose.createConnection(databaseUri(process.env.MONGODB_URI!, dbName)).asPromise();
    const events = await conn
      .db!.collection('matter_events')
      .find({}, { projection: { matterId: 1, seq: 1 } })
      .toArray();
    await conn.close();
    const seqs = new Map<string, number[]>();
    for (const e of events) seqs.set(e.matterId, [...(seqs.get(e.matterId) ?? []), e.seq]);
    for (const m of matters) {
      const list = (seqs.get(m.id) ?? []).sort((a, b) => a - b);
      expect(list).toEqual(Array.from({ length: finals.get(m.id)!.version }, (_, i) => i + 1));
    }
    figures['ledger events'] = events.length;

    process.stdout.write(
      `\nportal sockets under load:\n${Object.entries(figures)
        .map(([name, v]) => `  ${name}: ${v}`)
        .join('\n')}\n`,
    );
  });
});
