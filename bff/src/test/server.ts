import type { Connection } from 'mongoose';
import { loadConfig, type RuntimeConfig } from '../../../config/runtime';
import { createApp } from '../app';
import { createLogger, type Logger } from '../logger';
import { listen, type RunningServer } from '../server';
import { syncIndexes } from '../models';
import { createServices, type Services } from '../services';
import { attachRealtime, type Realtime } from '../realtime/portalNamespace';

export interface TestServer {
  url: string;
  config: RuntimeConfig;
  services: Services;
  running: RunningServer;
  realtime: Realtime;
  close(): Promise<void>;
}

/**
 * The real app on a real HTTP port (0 → any free one), configured like `npm start` unless
 * overridden — except that rate limits are 1000× wider, so that only their own tests reach them.
 */
export async function startTestServer(
  db: Connection,
  env: Record<string, string> = {},
  options: { logger?: Logger; now?: () => Date; services?: (s: Services) => Services } = {},
): Promise<TestServer> {
  const logger = options.logger ?? createLogger('silent');
  const config = loadConfig({ MONGODB_URI: process.env.MONGODB_URI, NODE_ENV: 'test', PORT: '0', RATE_LIMIT_SCALE: '1000', ...env });
  const base = createServices({ config, logger, db, now: options.now });
  const services = options.services ? options.services(base) : base;
  if (db.readyState === 1) await syncIndexes(services.models);
  const app = createApp({ config, logger, db, services, isShuttingDown: () => false });
  const running = await listen(app, '127.0.0.1', 0, logger);
  const realtime = attachRealtime(running.server, services);
  return {
    url: `http://127.0.0.1:${running.port}`,
    config,
    services,
    running,
    realtime,
    close: async () => {
      await realtime.disconnectAll();
      await running.close(1000);
      await realtime.close();
    },
  };
}
