import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { Namespace } from 'socket.io';
import type { Logger } from '../logger';

/**
 * A node-redis client that reconnects by itself and logs an outage once (and its end; `onBack` is
 * then called). With `failFast`, commands are refused at once while Redis is away instead of
 * waiting in the offline queue: the rate limits then fall back to their in-memory insurance limiters.
 */
export function createRedisClient(url: string, logger: Logger, purpose: string, options: { failFast?: boolean; onBack?: () => void } = {}) {
  const client = createClient({
    url,
    disableOfflineQueue: options.failFast ?? false,
    socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 3000) },
  });
  let reported = false;
  client.on('error', (err: Error) => {
    if (!reported) logger.warn({ err: { name: err.name, message: err.message } }, `redis unavailable; ${purpose}`);
    reported = true;
  });
  client.on('ready', () => {
    if (!reported) return;
    logger.info(`redis reachable again (${purpose})`);
    reported = false;
    options.onBack?.();
  });
  return client;
}

/** Closes a client: politely when Redis answers, at once when it is away (QUIT would wait for it forever). */
export async function closeRedisClient(client: ReturnType<typeof createRedisClient>): Promise<void> {
  if (!client.isOpen) return;
  await (client.isReady ? client.quit() : client.disconnect()).catch(() => undefined);
}

/** Where nodes that were cut off from Redis say so once they are back (a Redis stream, kept short). */
export const RESYNC_STREAM = 'regverify:realtime:resync';

/**
 * With REDIS_URL, socket.io events travel between BFF nodes through a Redis stream. While Redis is
 * away (for this node's client):
 *
 * - a push is delivered to this node's own sockets at once, and not handed to the client, whose
 *   offline queue would hold it — and, since the cluster adapter delivers locally only after
 *   publishing, hold the local delivery too — until Redis returns;
 * - pushes for the other nodes are lost meanwhile. So once its client is back, a node appends an
 *   entry to RESYNC_STREAM, and every node, reading that stream from where it was (a reader that
 *   reconnects later still gets it), drops the transport of its own sockets: socket.io clients
 *   reconnect by themselves within a second or two and get a fresh snapshot (DESIGN: every
 *   reconnect brings one). That also covers pushes that were in the old Redis but not yet read
 *   when it went away. A node whose connection never broke still resyncs on others' entries.
 */
export async function createRedisAdapter(url: string, logger: Logger) {
  const namespaces = new Set<Namespace>();
  const client = createRedisClient(url, logger, 'cross-node pushes wait for it', {
    onBack: () => {
      client
        .xAdd(RESYNC_STREAM, '*', { at: new Date().toISOString() }, { TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: 100 } })
        .catch((err: Error) => logger.warn({ err: { name: err.name, message: err.message } }, 'live status resync not announced'));
    },
  });
  await client.connect();
  const streams = createAdapter(client);

  // socket.io calls it with `new`: a function, not an arrow.
  const adapter = function (nsp: Namespace) {
    const clustered = streams(nsp);
    namespaces.add(nsp);
    const broadcast = clustered.broadcast.bind(clustered);
    clustered.broadcast = (packet, opts) =>
      client.isReady || opts.flags?.local ? broadcast(packet, opts) : broadcast(packet, { ...opts, flags: { ...opts.flags, local: true } });
    return clustered;
  };

  const dropLocalSockets = () => {
    let dropped = 0;
    for (const nsp of namespaces) {
      for (const socket of nsp.sockets.values()) {
        socket.conn.close();
        dropped++;
      }
    }
    logger.info({ sockets: dropped }, 'live status resync after a redis outage: local sockets reconnect for a fresh snapshot');
  };

  // The reader blocks in XREAD, so it has a connection of its own; it keeps its offline queue, so
  // while Redis is away its next read simply waits for it.
  const reader = client.duplicate();
  reader.on('error', () => undefined);
  await reader.connect();
  let offset = (await client.xRevRange(RESYNC_STREAM, '+', '-', { COUNT: 1 }))[0]?.id ?? '0-0';
  let stopped = false;
  const reading = (async () => {
    while (!stopped) {
      try {
        const answer = await reader.xRead({ key: RESYNC_STREAM, id: offset }, { BLOCK: 5000, COUNT: 100 });
        const entries = answer?.[0]?.messages ?? [];
        if (entries.length === 0) continue;
        offset = entries[entries.length - 1].id;
        dropLocalSockets();
      } catch {
        if (!stopped) await new Promise((r) => setTimeout(r, 250));
      }
    }
  })();

  return {
    adapter,
    close: async () => {
      stopped = true;
      // Not QUIT: it would wait behind the blocked XREAD.
      if (reader.isOpen) await reader.disconnect().catch(() => undefined);
      await reading;
      await closeRedisClient(client);
    },
  };
}
