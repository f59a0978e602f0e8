import http from 'node:http';
import type Koa from 'koa';
import type { Logger } from './logger';

export interface RunningServer {
  server: http.Server;
  /** The port actually bound (useful with PORT=0). */
  port: number;
  /** Stops accepting, lets in-flight requests finish for up to `graceMs`, then closes what is left. */
  close(graceMs: number): Promise<void>;
}

/** Listens with `app` on host:port and resolves once bound. */
export function listen(app: Koa, host: string, port: number, logger: Logger): Promise<RunningServer> {
  const server = http.createServer(app.callback());
  server.keepAliveTimeout = 65_000; // longer than common load balancer idle timeouts
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const bound = (server.address() as { port: number }).port;
      resolve({
        server,
        port: bound,
        close: (graceMs) =>
          new Promise<void>((done) => {
            const force = setTimeout(() => {
              logger.warn('closing connections still open after the grace period');
              server.closeAllConnections();
            }, graceMs);
            force.unref();
            server.close(() => {
              clearTimeout(force);
              done();
            });
            server.closeIdleConnections();
          }),
      });
    });
  });
}
