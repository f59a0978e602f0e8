import { createPrivateKey } from 'node:crypto';
import { AlipaySdk } from 'alipay-sdk';

/** How the BFF talks to Alipay: one app, public-key mode (no certificates), RSA2. */
export interface AlipayOptions {
  /** The Alipay app id (mini-program app). */
  appId: string;
  /** The app's RSA private key, PKCS#1 (`RSA PRIVATE KEY`) or PKCS#8 (`PRIVATE KEY`) PEM, or bare base64. */
  privateKey: string;
  /** Alipay's public key for this app (PEM or bare base64); every answer is checked against it. */
  alipayPublicKey: string;
  /** OpenAPI v3 base URL; the SDK's default is https://openapi.alipay.com. */
  endpoint?: string;
  /** OpenAPI v2 gateway; only used to build the signed certify page URL. SDK default: https://openapi.alipay.com/gateway.do. */
  gateway?: string;
  /** Per-request timeout in milliseconds; the SDK's default is 5000. */
  timeoutMs?: number;
  /**
   * Ask Alipay to return the captured face (`merchant_config.out_put_facial_picture`). Only honoured
   * for apps granted that permission; off by default (data minimisation).
   */
  outputFacialPicture?: boolean;
}

/**
 * The SDK strips the PEM armour by matching the header against the declared key type and keeps
 * anything it does not recognise inside the key body, so a PKCS#8 key declared as PKCS#1 (the
 * SDK's default) becomes garbage. Read the type from the key itself.
 */
function privateKeyType(key: string): 'PKCS1' | 'PKCS8' {
  if (key.includes('BEGIN RSA PRIVATE KEY')) return 'PKCS1';
  if (key.includes('BEGIN PRIVATE KEY')) return 'PKCS8';
  const der = Buffer.from(key.replace(/\s+/g, ''), 'base64');
  try {
    createPrivateKey({ key: der, format: 'der', type: 'pkcs1' });
    return 'PKCS1';
  } catch {
    return 'PKCS8';
  }
}

/**
 * A configured `AlipaySdk`. v3 `curl()` verifies every 2xx answer against `alipayPublicKey`
 * (`alipay-timestamp\nalipay-nonce\nbody\n`, RSA-SHA256) and refuses to run without that key.
 */
export function createAlipaySdk(options: AlipayOptions): AlipaySdk {
  if (!options.appId) throw new Error('Alipay appId is required');
  if (!options.privateKey?.trim()) throw new Error('Alipay privateKey is required');
  if (!options.alipayPublicKey?.trim()) throw new Error('Alipay alipayPublicKey is required: answers must be verified');
  // The SDK splits keys on "\n" and drops the first and last line only when they carry the armour,
  // so a trailing newline would leave the END line inside the body: trim first.
  const privateKey = options.privateKey.trim();
  // The SDK mutates the config object it is given: always hand it a fresh one.
  return new AlipaySdk({
    appId: options.appId,
    privateKey,
    keyType: privateKeyType(privateKey),
    alipayPublicKey: options.alipayPublicKey.trim(),
    signType: 'RSA2',
    ...(options.endpoint ? { endpoint: options.endpoint.replace(/\/+$/, '') } : {}),
    ...(options.gateway ? { gateway: options.gateway } : {}),
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
  });
}
