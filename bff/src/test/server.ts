import type { Connection } from 'mongoose';
import { loadConfig, type RuntimeConfig } from '../../../config/runtime';
import { createApp } from '../app';
import { createLogger, type Logger } from '../logger';
import { listen, type RunningServer } from '../server';

export interface TestServer {
  url: string;
  config: RuntimeConfig;
  running: RunningServer;
  close(): Promise<void>;
}

/** The real app on a real HTTP port (0 → any free one), configured like `npm start` unless overridden. */
export async function startTestServer(db: Connection, env: Record<string, string> = {}, logger: Logger = createLogger('silent')): Promise<TestServer> {
  const config = loadConfig({ MONGODB_URI: process.env.MONGODB_URI, NODE_ENV: 'test', PORT: '0', ...env });
  const app = createApp({ config, logger, db, isShuttingDown: () => false });
  const running = await listen(app, '127.0.0.1', 0, logger);
  return { url: `http://127.0.0.1:${running.port}`, config, running, close: () => running.close(1000) };
}
