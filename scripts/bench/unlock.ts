/**
 * Unlock latency: from the confirm request's response to the portal socket receiving the snapshot
 * with `canSubmit`, with N portal sockets connected to one node; the 2-second polling alternative
 * measured on the same unlocks; memory per socket; the load each puts on the BFF.
 */
import { io as connect, type Socket } from 'socket.io-client';
import { SOCKET_EVENTS, type MatterView } from '@regverify/shared';
import { apiClient } from '../../bff/test/client';
import { cpuMs, now, pool, rssBytes, sleep, summarize, type Summary } from './env';
import { PORTAL_KEY, createMatter, person, prepare, viewerToken, type Prepared } from './flow';

const POLL_MS = 2000;

export interface UnlockLevel {
  sockets: number;
  connectSeconds: number;
  /** confirm answered → socket got the unlocking snapshot (negative: the push arrived before the HTTP answer) */
  socket: Summary;
  /** confirm sent → socket got the unlocking snapshot */
  socketFromSend: Summary;
  /** confirm answered → the first 2-second poll that shows canSubmit */
  polling: Summary;
  pollRequests: number;
  rssBefore: number;
  rssAfter: number;
  bytesPerSocket: number;
  /** BFF CPU while the sockets sit idle for `idleSeconds` */
  idleCpuMsPerSec: number;
  errors: number;
}

export interface PollLoad {
  pollers: number;
  seconds: number;
  requests: number;
  requestsPerSec: number;
  cpuMsPerSec: number;
  latency: Summary;
}

export interface UnlockResult {
  trials: number;
  levels: UnlockLevel[];
  pollLoad: PollLoad;
  baselineCpuMsPerSec: number;
  skipped: string[];
}

/** A portal page's socket, once its snapshot has come (no reconnection: a failure is a failure). */
export function openSocket(baseUrl: string, token: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(`${baseUrl}/portal`, {
      auth: { token },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      timeout: 60_000,
    });
    const t = setTimeout(() => {
      s.disconnect();
      reject(new Error('no snapshot in 60 s'));
    }, 60_000);
    s.once('disconnect', (reason) => {
      clearTimeout(t);
      reject(new Error(`disconnected before the snapshot: ${reason}`));
    });
    s.once(SOCKET_EVENTS.snapshot, () => {
      clearTimeout(t);
      resolve(s);
    });
    s.once('connect_error', (err) => {
      clearTimeout(t);
      reject(err);
    });
  });
}

/** CPU ms of the BFF and (when embedded) the database together. */
const cpuOf = (pids: Array<number | undefined>): number =>
  pids.filter((p): p is number => p !== undefined).reduce((s, p) => s + cpuMs(p), 0);

async function cpuOver(pids: Array<number | undefined>, seconds: number): Promise<number> {
  const c0 = cpuOf(pids);
  const t0 = now();
  await sleep(seconds * 1000);
  return ((cpuOf(pids) - c0) / (now() - t0)) * 1000;
}

/** One unlock: prepared person, a watcher socket and a 2 s poller on the matter, then confirm. */
async function trial(baseUrl: string, prepared: Prepared, matterId: string, token: string) {
  const socket = await openSocket(baseUrl, token);
  const api = apiClient(baseUrl, PORTAL_KEY);
  let socketAt = NaN;
  const socketSeen = new Promise<void>((resolve) => {
    socket.on(SOCKET_EVENTS.updated, (v: MatterView) => {
      if (v.canSubmit && Number.isNaN(socketAt)) {
        socketAt = now();
        resolve();
      }
    });
  });
  // The poller: a portal page that GETs the matter every 2 s, at a random phase.
  let pollAt = NaN;
  let polls = 0;
  let stop = false;
  const poller = (async () => {
    await sleep(Math.random() * POLL_MS);
    const deadline = now() + 30_000;
    while (!stop && now() < deadline) {
      const started = now();
      const res = await api.get(`/api/portal/matters/${matterId}`);
      polls++;
      if (res.status === 200 && res.body.canSubmit) {
        pollAt = now();
        return;
      }
      await sleep(Math.max(0, POLL_MS - (now() - started)));
    }
  })();
  await sleep(POLL_MS + 50); // every poller has polled at least once before the unlock
  const { sentAt, answeredAt } = await prepared.confirm();
  await Promise.race([socketSeen, sleep(30_000)]);
  await poller;
  stop = true;
  socket.disconnect();
  return { socket: socketAt - answeredAt, socketFromSend: socketAt - sentAt, polling: pollAt - answeredAt, polls };
}

export async function runUnlock(opts: {
  baseUrl: string;
  pid: number;
  dbPid?: number;
  levels: number[];
  connectBudgetMs: number;
  trials: number;
  idleSeconds: number;
  log(msg: string): void;
  budgetMs: number;
}): Promise<UnlockResult> {
  const { baseUrl, pid, log } = opts;
  const pids = [pid, opts.dbPid];
  const started = now();
  const skipped: string[] = [];
  const background: Socket[] = [];
  const bgMatters = await pool(
    Array.from({ length: 20 }, (_, i) => i),
    4,
    (i) => createMatter(baseUrl, person(900_000 + i)),
  );
  let k = 0;

  // Polling load on its own, before any socket: 1,000 pages polling every 2 s for 10 s.
  const baselineCpuMsPerSec = await cpuOver(pids, 3);
  const pollLoad = await measurePollLoad(baseUrl, pids, bgMatters, 200, 10);
  log(`polling load: ${pollLoad.requestsPerSec.toFixed(0)} req/s, ${pollLoad.cpuMsPerSec.toFixed(0)} ms CPU/s`);

  const levels: UnlockLevel[] = [];
  let prevRss = rssBytes(pid);
  let prevCount = 0;
  for (const n of opts.levels) {
    if (now() - started > opts.budgetMs) {
      skipped.push(`unlock latency with ${n} sockets (time budget of the unlock benchmark used up)`);
      continue;
    }
    // Background sockets (portal pages of other matters), so that N are connected while a trial's watcher is added.
    const want = Math.max(0, n - 1);
    const tokens = await Promise.all(bgMatters.map((m) => viewerToken(baseUrl, m)));
    const tc = now();
    let errors = 0;
    const toOpen = Array.from({ length: Math.max(0, want - background.length) }, (_, i) => tokens[(background.length + i) % tokens.length]);
    let cutShort = false;
    await pool(toOpen, 50, async (token) => {
      if (now() - tc > opts.connectBudgetMs) {
        cutShort = true;
        return;
      }
      try {
        background.push(await openSocket(baseUrl, token));
      } catch (err) {
        if (errors++ < 3) log(`socket failed: ${(err as Error).message} ${JSON.stringify((err as { data?: unknown }).data ?? '')}`);
      }
    });
    const connectSeconds = (now() - tc) / 1000;
    if (cutShort)
      skipped.push(
        `${n.toLocaleString('en')} sockets: only ${background.length + 1} connected within the ${opts.connectBudgetMs / 1000} s connect budget; measured with those`,
      );
    await sleep(2000);
    const rssAfter = rssBytes(pid);
    log(
      `${background.length} background sockets connected in ${connectSeconds.toFixed(1)} s (${errors} failed), BFF RSS ${(rssAfter / 2 ** 20).toFixed(0)} MB`,
    );
    const idleCpuMsPerSec = await cpuOver(pids, opts.idleSeconds);

    // The trials: people prepared up to confirm beforehand, then unlocks started 1 s apart (so that
    // confirms do not queue behind each other; the pollers of neighbouring trials overlap).
    const prepared = await pool(
      Array.from({ length: opts.trials }, () => k++),
      4,
      async (i) => {
        const who = person(i);
        const matterId = await createMatter(baseUrl, who);
        const p = await prepare(baseUrl, who, matterId);
        return { p, matterId, token: await viewerToken(baseUrl, matterId) };
      },
    );
    const results = await Promise.all(
      prepared.map(async ({ p, matterId, token }, i) => {
        await sleep(i * 1000);
        try {
          return await trial(baseUrl, p, matterId, token);
        } catch (err) {
          errors++;
          log(`trial failed: ${(err as Error).message}`);
          return null;
        }
      }),
    );
    const ok = results.filter((r): r is NonNullable<typeof r> => r !== null);
    const level: UnlockLevel = {
      sockets: background.length + 1,
      connectSeconds,
      socket: summarize(ok.map((r) => r.socket).filter(Number.isFinite)),
      socketFromSend: summarize(ok.map((r) => r.socketFromSend).filter(Number.isFinite)),
      polling: summarize(ok.map((r) => r.polling).filter(Number.isFinite)),
      pollRequests: ok.reduce((a, r) => a + r.polls, 0),
      rssBefore: prevRss,
      rssAfter,
      bytesPerSocket: background.length > prevCount ? (rssAfter - prevRss) / (background.length - prevCount) : NaN,
      idleCpuMsPerSec,
      errors: errors + ok.filter((r) => !Number.isFinite(r.socket) || !Number.isFinite(r.polling)).length,
    };
    levels.push(level);
    prevRss = rssAfter;
    prevCount = background.length;
    log(
      `${level.sockets} sockets: socket p50/p95/p99 ${level.socket.p50.toFixed(1)}/${level.socket.p95.toFixed(1)}/${level.socket.p99.toFixed(1)} ms; polling p50 ${level.polling.p50.toFixed(0)} ms`,
    );
  }
  for (const s of background) s.disconnect();
  return { trials: opts.trials, levels, pollLoad, baselineCpuMsPerSec, skipped };
}

/** `pollers` portal pages each GETting a matter every 2 s (random phase) for `seconds`. */
async function measurePollLoad(
  baseUrl: string,
  pids: Array<number | undefined>,
  matters: string[],
  pollers: number,
  seconds: number,
): Promise<PollLoad> {
  const api = apiClient(baseUrl, PORTAL_KEY);
  const latencies: number[] = [];
  const c0 = cpuOf(pids);
  const t0 = now();
  const end = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: pollers }, async (_, i) => {
      await sleep(Math.random() * POLL_MS);
      while (now() < end) {
        const s = now();
        const res = await api.get(`/api/portal/matters/${matters[i % matters.length]}`);
        if (res.status !== 200) throw new Error(`poll: HTTP ${res.status}`);
        latencies.push(now() - s);
        await sleep(Math.max(0, POLL_MS - (now() - s)));
      }
    }),
  );
  const elapsed = now() - t0;
  const cpu = cpuOf(pids) - c0;
  return {
    pollers,
    seconds: elapsed / 1000,
    requests: latencies.length,
    requestsPerSec: (latencies.length / elapsed) * 1000,
    cpuMsPerSec: (cpu / elapsed) * 1000,
    latency: summarize(latencies),
  };
}
