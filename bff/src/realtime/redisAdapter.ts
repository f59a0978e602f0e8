import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { Logger } from '../logger';

/**
 * A node-redis client that reconnects by itself and logs an outage once (and its end). With
 * `failFast`, commands are refused at once while Redis is away instead of waiting in the offline
 * queue: the rate limits then fall back to their in-memory insurance limiters.
 */
export function createRedisClient(url: string, logger: Logger, purpose: string, options: { failFast?: boolean } = {}) {
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
    if (reported) logger.info(`redis reachable again (${purpose})`);
    reported = false;
  });
  return client;
}

/** Closes a client: politely when Redis answers, at once when it is away (QUIT would wait for it forever). */
export async function closeRedisClient(client: ReturnType<typeof createRedisClient>): Promise<void> {
  if (!client.isOpen) return;
  await (client.isReady ? client.quit() : client.disconnect()).catch(() => undefined);
}

/**
 * With REDIS_URL, socket.io events travel between BFF nodes through a Redis stream. While Redis is
 * away, pushes within a node continue and cross-node pushes resume when it returns (portal clients
 * resync on reconnect anyway).
 */
export async function createRedisAdapter(url: string, logger: Logger) {
  const client = createRedisClient(url, logger, 'cross-node pushes wait for it');
  await client.connect();
  return { adapter: createAdapter(client), close: () => closeRedisClient(client) };
}
