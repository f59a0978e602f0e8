/**
 * The H5 preview's files: compressed for browsers that accept it (brotli first, then gzip), the
 * copy made again when the file changes, cache headers by kind of file, and the page's policy
 * naming its inline scripts by hash. The middleware alone on a Koa server; app.test.ts serves it in
 * the whole app.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Koa from 'koa';
import { h5ContentSecurityPolicy, h5Preview, inlineScriptHashes } from './h5Preview';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A request with exactly these headers (fetch would ask for and undo the compression itself). */
function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const INLINE = 'document.documentElement.style.fontSize="20px"';
const PAGE = `<!doctype html><title>登记注册身份验证</title><script>${INLINE}</script><script src="/h5/js/app.0123abcd.js"></script>`;
// Large enough to be worth compressing, and compressible.
const BUNDLE = Array.from({ length: 400 }, (_, i) => `console.log("module ${i}");`).join('\n');

describe('h5Preview', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regverify-h5-preview-'));
  let server: http.Server;
  let url: string;

  beforeAll(async () => {
    fs.mkdirSync(path.join(dir, 'js'));
    fs.mkdirSync(path.join(dir, 'css'));
    fs.writeFileSync(path.join(dir, 'index.html'), PAGE);
    fs.writeFileSync(path.join(dir, 'js', 'app.0123abcd.js'), BUNDLE);
    fs.writeFileSync(path.join(dir, 'css', 'app.0123abcd.css'), 'page{color:#1f2329}');
    fs.writeFileSync(path.join(dir, 'notes.txt'), BUNDLE);
    const app = new Koa();
    app.use(h5Preview({ H5_DIR: dir }));
    server = http.createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends the bundle in brotli to a browser that accepts it', async () => {
    const res = await get(`${url}/h5/js/app.0123abcd.js`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toContain('Accept-Encoding');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(BUNDLE.length / 4);
    expect(zlib.brotliDecompressSync(res.body).toString()).toBe(BUNDLE);
  });

  it('sends gzip where brotli is not accepted, and the file as it is where nothing is', async () => {
    const gzipped = await get(`${url}/h5/js/app.0123abcd.js`, { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gzipped.body).toString()).toBe(BUNDLE);
    const refused = await get(`${url}/h5/js/app.0123abcd.js`, { 'accept-encoding': 'br;q=0, gzip' });
    expect(refused.headers['content-encoding']).toBe('gzip');
    const plain = await get(`${url}/h5/js/app.0123abcd.js`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toContain('Accept-Encoding');
    expect(plain.body.toString()).toBe(BUNDLE);
  });

  it('leaves small files as they are', async () => {
    const res = await get(`${url}/h5/css/app.0123abcd.css`, { 'accept-encoding': 'br, gzip' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.toString()).toBe('page{color:#1f2329}');
  });

  it('compresses the copy again when the file changes', async () => {
    const file = path.join(dir, 'notes.txt');
    const first = await get(`${url}/h5/notes.txt`, { 'accept-encoding': 'br' });
    expect(zlib.brotliDecompressSync(first.body).toString()).toBe(BUNDLE);
    const changed = `${BUNDLE}\nconsole.log("changed");`;
    fs.writeFileSync(file, changed);
    const later = new Date(Date.now() + 5_000);
    fs.utimesSync(file, later, later);
    const second = await get(`${url}/h5/notes.txt`, { 'accept-encoding': 'br' });
    expect(zlib.brotliDecompressSync(second.body).toString()).toBe(changed);
    expect(second.headers['cache-control']).toBe('no-cache');
  });

  it('answers HEAD with the headers of the compressed file and no body', async () => {
    const res = await get(`${url}/h5/js/app.0123abcd.js`, { 'accept-encoding': 'br' }, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.body.length).toBe(0);
  });

  it('sends the page uncached, with a policy naming its inline script by hash', async () => {
    const res = await get(`${url}/h5/`, { 'accept-encoding': 'br' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body.toString()).toBe(PAGE); // below 1 KB: as it is
    const hash = `'sha256-${createHash('sha256').update(INLINE).digest('base64')}'`;
    expect(inlineScriptHashes(PAGE)).toEqual([hash]);
    expect(res.headers['content-security-policy']).toBe(h5ContentSecurityPolicy(PAGE));
    expect(res.headers['content-security-policy']).toContain(`script-src 'self' ${hash};`);
  });

  it('leaves other paths and missing files to the next middleware', async () => {
    expect((await get(`${url}/h5/missing.js`)).status).toBe(404);
    expect((await get(`${url}/api/anything`)).status).toBe(404);
  });
});
