import type { Connection } from 'mongoose';
import { loadConfig, type RuntimeConfig } from '../../config/runtime';
import { buildApp, createMetricsApp, type App } from '../src/app';
import { createLogger, type Logger } from '../src/logger';
import { listen, type RunningServer } from '../src/server';
import { syncIndexes } from '../src/models';
import { createServices, type Services } from '../src/services';
import { attachRealtime, type Realtime } from '../src/realtime/portalNamespace';

export interface TestServer {
  url: string;
  config: RuntimeConfig;
  services: Services;
  running: RunningServer;
  realtime: Realtime;
  /** With METRICS_LISTEN: the address of the metrics listener (its port as bound, for port 0). */
  metricsUrl?: string;
  /** The app's routers (tests check what they serve against the route table). */
  routers: App['routers'];
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
  const { app, routers } = buildApp({ config, logger, db, services, isShuttingDown: () => false });
  const running = await listen(app, '127.0.0.1', 0, logger);
  const realtime = attachRealtime(running.server, services);
  const metricsAt = config.METRICS_LISTEN;
  const metrics = metricsAt
    ? await listen(createMetricsApp({ config, logger, services }), metricsAt.host, metricsAt.port, logger)
    : undefined;
  return {
    url: `http://127.0.0.1:${running.port}`,
    config,
    services,
    running,
    realtime,
    ...(metricsAt && metrics ? { metricsUrl: `http://${metricsAt.host}:${metrics.port}` } : {}),
    routers,
    close: async () => {
      await realtime.disconnectAll();
      await running.close(1000);
      await metrics?.close(1000);
      await realtime.close();
    },
  };
}
