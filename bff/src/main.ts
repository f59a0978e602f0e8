import { ConfigError, loadConfig, modeOf } from '../../config/runtime';
import { createApp, createMetricsApp } from './app';
import { createDatabase, openWithRetry } from './db/connection';
import { createLogger } from './logger';
import { missingAssets } from './portal/assets';
import { listen } from './server';
import { createServices } from './services';
import { syncIndexes } from './models';
import { startExpirySweeper } from './jobs/expirySweeper';
import { startRetentionSweeper } from './jobs/retentionSweeper';
import { startCallbackDispatcher, type CallbackDispatcher } from './jobs/callbackDispatcher';
import { attachRealtime } from './realtime/portalNamespace';
import { closeRedisClient, createRedisAdapter, createRedisClient } from './realtime/redisAdapter';

/**
 * Boots the BFF: configuration (exit 1 naming the bad setting), logger, HTTP server, database
 * (retried in the background; /readyz is red until it answers), graceful shutdown on SIGTERM/SIGINT.
 */
async function main(): Promise<void> {
  const mode = modeOf(process.env);
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`mode: ${mode.mode} (${mode.why})\n${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }

  const missing = missingAssets();
  if (missing.length > 0) {
    process.stderr.write(`the browser scripts are not built (${missing.join(', ')}): run npm run build\n`);
    process.exit(1);
  }

  const logger = createLogger(config.LOG_LEVEL);
  logger.info({ mode: mode.mode, why: mode.why }, `mode: ${mode.mode}`);
  const db = createDatabase();
  let shuttingDown = false;
  // Rate limits get their own client: it fails fast while Redis is away (per-node limits meanwhile).
  const limitsRedis = config.REDIS_URL
    ? createRedisClient(config.REDIS_URL, logger, 'rate limits hold per node meanwhile', { failFast: true })
    : undefined;
  limitsRedis?.connect().catch(() => undefined);
  const services = createServices({ config, logger, db, redis: limitsRedis });
  const app = createApp({ config, logger, db, services, isShuttingDown: () => shuttingDown });
  const redis = config.REDIS_URL ? await createRedisAdapter(config.REDIS_URL, logger) : undefined;
  const running = await listen(app, config.HOST, config.PORT, logger);
  const realtime = attachRealtime(running.server, services, redis?.adapter);
  const metricsAt = config.METRICS_LISTEN;
  const metricsServer = metricsAt
    ? await listen(createMetricsApp({ config, logger, services }), metricsAt.host, metricsAt.port, logger)
    : undefined;
  if (metricsAt && metricsServer) logger.info({ host: metricsAt.host, port: metricsServer.port }, 'metrics listening');
  logger.info(
    { port: running.port, identityProvider: config.IDENTITY_PROVIDER, platforms: config.livePlatforms, multiNode: !!redis },
    `bff listening; platforms live: ${config.livePlatforms.join(', ')}`,
  );

  const connecting = new AbortController();
  let sweeper: { stop(): void } | undefined;
  let retention: { stop(): void } | undefined;
  let callbacks: CallbackDispatcher | undefined;
  const connected = openWithRetry(db, config.MONGODB_URI, logger, connecting.signal)
    .then(async () => {
      await syncIndexes(services.models);
      if (shuttingDown) return;
      sweeper = startExpirySweeper(services);
      retention = startRetentionSweeper(services);
      callbacks = startCallbackDispatcher(services);
    })
    .catch((err) => {
      if (!connecting.signal.aborted) logger.error({ err }, 'database setup failed');
    });

  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    connecting.abort();
    sweeper?.stop();
    retention?.stop();
    await realtime.disconnectAll();
    await running.close(config.SHUTDOWN_GRACE_MS);
    await metricsServer?.close(1000);
    await realtime.close();
    await redis?.close();
    if (limitsRedis) await closeRedisClient(limitsRedis);
    await connected;
    await callbacks?.stop();
    await db.close().catch(() => undefined);
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`bff failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
