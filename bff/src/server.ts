import http from 'node:http';
import type { Duplex } from 'node:stream';
import type Koa from 'koa';
import { ERROR_MESSAGES, type ErrorCode } from '@regverify/shared';
import type { Logger } from './logger';

export interface RunningServer {
  server: http.Server;
  /** The port actually bound (useful with PORT=0). */
  port: number;
  /** Stops accepting, lets in-flight requests finish for up to `graceMs`, then closes what is left. */
  close(graceMs: number): Promise<void>;
}

/** Status and code of a request Node's HTTP parser refused, as Node itself would answer it. */
function refusal(code: string | undefined): [number, ErrorCode] {
  if (code === 'HPE_HEADER_OVERFLOW') return [431, 'payload_too_large'];
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return [413, 'payload_too_large'];
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return [408, 'request_timeout'];
  return [400, 'validation_failed'];
}

/**
 * Requests that never reach the app — headers over Node's 16 KB, a malformed request line or
 * header, a request not sent in time — get the error envelope like every other failure (Node's own
 * answer has no body at all), and the connection is closed.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  const inResponse = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (err.code === 'ECONNRESET' || !socket.writable || inResponse) {
    socket.destroy();
    return;
  }
  const [status, code] = refusal(err.code);
  const body = JSON.stringify({ error: { code, message: ERROR_MESSAGES[code] } });
  socket.end(
    [
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}`,
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Cache-Control: no-store',
      'X-Content-Type-Options: nosniff',
      'Connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}

/** How much of a body left unread by an early answer is still read and dropped, at most. */
export const LINGER_BYTES = 4 * 1024 * 1024;
export const LINGER_MS = 3_000;

/**
 * An answer given before the body was read (413, 415, 401, 429) must reach a client that is still
 * sending that body. Closed at once, as Node closes it after a `Connection: close` answer, the
 * connection has unread bytes in the kernel, which answers them with a reset: the client's next
 * write fails (EPIPE, ECONNRESET) and the answer waiting in its buffer is usually lost with the
 * connection. So the rest of the body is read and dropped first — up to LINGER_BYTES or
 * LINGER_MS, the cap web servers' "lingering close" has, so a refused client cannot keep the
 * connection busy — and the connection is closed once the client has sent it all.
 */
function lingerAfterEarlyAnswer(req: http.IncomingMessage, res: http.ServerResponse): void {
  res.once('finish', () => {
    const socket = req.socket;
    if (req.complete || socket.destroyed) return;
    // Node has ended its side and would destroy the socket as soon as the answer is flushed.
    const closing = socket.writableEnded;
    if (closing) socket.removeListener('finish', socket.destroy);
    let dropped = 0;
    const stop = (keepAlive: boolean) => {
      clearTimeout(timer);
      req.off('data', drop);
      if (!keepAlive) socket.destroy();
    };
    const drop = (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > LINGER_BYTES) stop(false);
    };
    const timer = setTimeout(() => stop(false), LINGER_MS);
    socket.once('close', () => clearTimeout(timer));
    req.on('data', drop);
    req.once('end', () => stop(!closing));
    req.resume();
  });
}

/** Listens with `app` on host:port and resolves once bound. */
export function listen(app: Koa, host: string, port: number, logger: Logger): Promise<RunningServer> {
  const server = http.createServer(app.callback());
  server.on('request', lingerAfterEarlyAnswer);
  server.keepAliveTimeout = 65_000; // longer than common load balancer idle timeouts
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;
  server.on('clientError', answerClientError);
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
