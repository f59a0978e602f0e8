/**
 * A reconnect storm: N portal pages (socket.io clients with the browser SDK's reconnection
 * settings) watch M matters on one node; the node is killed (SIGKILL), every matter changes while
 * it is down (through a second node on the same database), and the node is started again on its
 * port. Measured: how long the N cold connects took on the fresh node, and from the restarted node
 * being ready until every page holds its matter's latest version — with the database's CPU and the
 * commands it was sent meanwhile (through the counting proxy).
 */
import { apiClient } from '../../bff/test/client';
import { freePort } from '../../bff/test/ports';
import { connectMatter, type MatterConnection } from '../../bff/src/portal/sdk';
import { cpuMs, now, pool, sleep, type Bff } from './env';
import { PORTAL_KEY, createMatter, person, viewerToken } from './flow';
import { startWireCounter } from './wireCounter';

/** Pages connecting at the same moment: a restarted node's pages all come back together. */
const CONNECTING_AT_ONCE = 500;

export interface StormResult {
  sockets: number;
  matters: number;
  /** N pages on a fresh node, 500 connecting at a time, until each has its first view */
  coldSeconds: number;
  coldDbCommands: number;
  /** kill → the restarted node ready */
  restartMs: number;
  /** the restarted node ready → the last page on its matter's latest version */
  backSeconds: number;
  /** the same for the median page */
  backP50Seconds: number;
  /** pages on the latest version at the end of the wait */
  back: number;
  /** the database's CPU from ready until every page was back, as a share of one core */
  stormDbCpu: number;
  /** …and while the pages only idled, before the kill */
  idleDbCpu: number;
  stormDbCommands: number;
}

interface Page {
  connection: MatterConnection;
  matter: number;
  version: number;
  backAt?: number;
}

export async function runStorm(opts: {
  dbUri: string;
  dbPid?: number;
  startNode: (uri: string, port: number) => Promise<Bff>;
  sockets: number;
  matters: number;
  waitSeconds?: number;
  log: (m: string) => void;
}): Promise<StormResult> {
  const counter = await startWireCounter(opts.dbUri);
  const port = await freePort();
  let node = await opts.startNode(counter.uri, port);
  const pages: Page[] = [];
  /** The latest version of each matter, once it changed while the node was down. */
  const latest: number[] = [];
  try {
    const matterIds = await pool(
      Array.from({ length: opts.matters }, (_, i) => i),
      4,
      (i) => createMatter(node.url, person(700_000 + i)),
    );
    const tokens = await Promise.all(matterIds.map((m) => viewerToken(node.url, m)));
    // A fresh node: nothing of these matters held yet.
    await node.stop();
    node = await opts.startNode(counter.uri, port);
    counter.take();
    const node0 = cpuMs(node.pid);
    const client0 = process.cpuUsage();
    const t0 = now();
    await pool(
      Array.from({ length: opts.sockets }, (_, i) => i),
      CONNECTING_AT_ONCE,
      (i) =>
        new Promise<void>((resolve) => {
          const page = { matter: i % opts.matters, version: 0 } as Page;
          page.connection = connectMatter({
            baseUrl: node.url,
            getToken: async () => tokens[page.matter],
            onChange: (view) => {
              if (page.version === 0) {
                pages.push(page);
                resolve();
              }
              page.version = view.version;
              if (page.backAt === undefined && latest[page.matter] && page.version >= latest[page.matter]) page.backAt = now();
            },
          });
        }),
    );
    const coldSeconds = (now() - t0) / 1000;
    const coldCpu = { node: cpuMs(node.pid) - node0, client: (process.cpuUsage(client0).user + process.cpuUsage(client0).system) / 1000 };
    const coldDbCommands = counter.take().length;
    opts.log(
      `storm: ${pages.length} pages connected in ${coldSeconds.toFixed(1)} s (${coldDbCommands} database commands; CPU: node ${coldCpu.node.toFixed(0)} ms, load generator ${coldCpu.client.toFixed(0)} ms)`,
    );

    const db0 = cpuMs(opts.dbPid);
    await sleep(3000);
    const idleDbCpu = (cpuMs(opts.dbPid) - db0) / 3000;

    // Down: every matter changes meanwhile, through another node on the same database.
    const other = await opts.startNode(counter.uri, await freePort());
    const killedAt = now();
    await node.stop('SIGKILL');
    const portal = apiClient(other.url, PORTAL_KEY);
    await pool(matterIds, 4, async (id, i) => {
      const res = await portal.put(`/api/portal/matters/${id}/documents`, {
        documents: [{ name: '公司章程（修订）', sha256: `${(i + 1).toString(16).padStart(2, '0')}`.repeat(32) }],
      });
      if (res.status !== 200) throw new Error(`documents of ${id}: HTTP ${res.status}`);
      latest[i] = res.body.version as number;
    });
    await other.stop();

    node = await opts.startNode(counter.uri, port);
    const readyAt = now();
    const restartMs = readyAt - killedAt;
    counter.take();
    const db1 = cpuMs(opts.dbPid);
    const deadline = readyAt + (opts.waitSeconds ?? 30) * 1000;
    while (now() < deadline && pages.some((p) => p.backAt === undefined)) await sleep(50);
    const waited = now() - readyAt;
    const stormDbCpu = (cpuMs(opts.dbPid) - db1) / Math.max(1, waited);
    const stormDbCommands = counter.take().length;
    const backTimes = pages
      .filter((p) => p.backAt !== undefined)
      .map((p) => (p.backAt! - readyAt) / 1000)
      .sort((a, b) => a - b);
    const result: StormResult = {
      sockets: pages.length,
      matters: opts.matters,
      coldSeconds,
      coldDbCommands,
      restartMs,
      backSeconds: backTimes.length === pages.length ? (backTimes.at(-1) ?? 0) : NaN,
      backP50Seconds: backTimes[Math.floor(backTimes.length / 2)] ?? NaN,
      back: backTimes.length,
      stormDbCpu,
      idleDbCpu,
      stormDbCommands,
    };
    opts.log(
      `storm: ${result.back}/${pages.length} back on the latest version, the last ${result.backSeconds.toFixed(1)} s after ready (p50 ${result.backP50Seconds.toFixed(1)} s); database ${(stormDbCpu * 100).toFixed(0)} % of a core, ${stormDbCommands} commands`,
    );
    return result;
  } finally {
    for (const p of pages) p.connection.close();
    await node.stop().catch(() => undefined);
    await counter.close();
  }
}
