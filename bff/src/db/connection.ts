import mongoose, { type Connection } from 'mongoose';
import type { Logger } from '../logger';

/**
 * Options shared by every connection. `bufferCommands: false` makes an operation fail at once when
 * the database is away (→ 503 database_unavailable) instead of queueing behind a dead socket.
 * Once the driver has seen the server go (a failed operation or heartbeat, or heartbeats that
 * stopped for two intervals), `readyState` leaves 1 and `databaseGate` refuses requests without
 * asking the driver. The requests in flight at that moment are retried once by the driver, which
 * then waits `serverSelectionTimeoutMS` for a server: 1 s, not 3, bounds how long they hang. The
 * heartbeat (driver default 10 s) is what notices the server is back: every 2 s, so recovery is
 * within about 2 s with or without traffic (measured in bff/src/faults/databaseOutage.test.ts).
 */
const OPTIONS = {
  bufferCommands: false,
  autoIndex: true,
  serverSelectionTimeoutMS: 1000,
  connectTimeoutMS: 3000,
  heartbeatFrequencyMS: 2000,
} as const;

/** Connections per node: 20 unless the URI says (the embedded FerretDB's URI asks for a few). */
const poolSize = (uri: string) => (/[?&]maxPoolSize=/i.test(uri) ? {} : { maxPoolSize: 20 });

/** A connection of our own (not mongoose's global one), so tests and tools can open several. */
export function createDatabase(): Connection {
  return mongoose.createConnection();
}

/**
 * Opens `conn`, retrying with back-off until it succeeds or `signal` aborts. The BFF serves
 * (with /readyz red) while this runs, so a database that starts late is picked up by itself.
 */
export async function openWithRetry(conn: Connection, uri: string, logger: Logger, signal?: AbortSignal): Promise<void> {
  let delay = 250;
  for (;;) {
    if (signal?.aborted) throw new Error('stopped before the database was reached');
    try {
      await conn.openUri(uri, { ...OPTIONS, ...poolSize(uri) });
      logger.info('database connected');
      return;
    } catch (err) {
      if (signal?.aborted) throw err;
      logger.warn({ err: { name: (err as Error).name, message: (err as Error).message }, retryInMs: delay }, 'database not reachable yet');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
      delay = Math.min(delay * 2, 5000);
    }
  }
}

/**
 * True while the driver believes the database is there: connected, and not marked unknown by a
 * failed operation or heartbeat (mongoose also reports a connection whose heartbeats stopped as
 * disconnected). Cheap — no round trip — so it can guard every request.
 */
export function isDatabaseConnected(conn: Connection): boolean {
  return conn.readyState === 1;
}

/** True when the database answers a ping within `timeoutMs`. */
export async function pingDatabase(conn: Connection, timeoutMs = 1000): Promise<boolean> {
  if (!isDatabaseConnected(conn) || !conn.db) return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const ping = conn.db
      .admin()
      .ping()
      .then(
        () => true,
        () => false,
      );
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
