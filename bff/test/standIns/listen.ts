import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/** A stand-in serves https with this key and certificate (see `../tls.ts`), plain http without. */
export interface StandInTls {
  key: string;
  cert: string;
}

/** Listens on a free loopback port; the base URL says the scheme. */
export async function listenLoopback(
  handler: http.RequestListener,
  tls?: StandInTls,
): Promise<{ server: http.Server | https.Server; base: string; port: number }> {
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, handler) : http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { server, base: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`, port };
}
