import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A certificate and its key, PEM; `certFile` for `NODE_EXTRA_CA_CERTS` of a child process. */
export interface TestCertificate {
  key: string;
  cert: string;
  certFile: string;
  /** Removes the files. */
  remove(): void;
}

/**
 * A fresh self-signed certificate (openssl, EC P-256, one day) for 127.0.0.1, localhost and the
 * vendor host names the SDKs address (Tencent Cloud's SDK signs and connects for its own host):
 * local stand-ins then serve https and a BFF that trusts this certificate (NODE_EXTRA_CA_CERTS)
 * talks to them as it talks to the vendors in production.
 */
export function selfSignedCertificate(names: string[] = ['localhost', 'faceid.tencentcloudapi.com']): TestCertificate {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regverify-tls-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  const san = ['IP:127.0.0.1', ...names.map((n) => `DNS:${n}`)].join(',');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'].concat([
      '-subj',
      '/CN=regverify test stand-in',
      '-addext',
      `subjectAltName=${san}`,
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ]),
    { stdio: 'pipe' },
  );
  return {
    key: fs.readFileSync(keyFile, 'utf8'),
    cert: fs.readFileSync(certFile, 'utf8'),
    certFile,
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
