import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { Logger } from '../logger';

/**
 * With REDIS_URL, socket.io events travel between BFF nodes through a Redis stream. The client
 * reconnects by itself; while Redis is away, pushes within a node continue and cross-node pushes
 * resume when it returns (portal clients resync on reconnect anyway).
 */
export async function createRedisAdapter(url: string, logger: Logger) {
  const client = createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 3000) } });
  let reported = false;
  client.on('error', (err: Error) => {
    if (!reported) logger.warn({ err: { name: err.name, message: err.message } }, 'redis unavailable; cross-node pushes wait for it');
    reported = true;
  });
  client.on('ready', () => {
    if (reported) logger.info('redis reachable again');
    reported = false;
  });
  await client.connect();
  return { adapter: createAdapter(client), close: () => client.quit().catch(() => undefined) };
}
