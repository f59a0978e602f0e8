import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { IdType } from '@regverify/shared';

/**
 * Personal data at rest: AES-256-GCM with the DATA_KEY for values we must read back (names, ID
 * numbers, signatures), and an HMAC with the LOOKUP_KEY for finding "my" tasks without decrypting
 * anything. Ciphertexts carry a version prefix so the key can be rotated later.
 */
export interface PersonalDataVault {
  encrypt(plain: string | Buffer): string;
  decrypt(sealed: string): Buffer;
  decryptText(sealed: string): string;
  /** Keyed hash of a document: equal for equal (type, number), useless without the key. */
  lookupHash(idType: IdType, idNumber: string): string;
  /** Keyed hash of a platform account (consent records): equal for the same account, useless without the key. */
  accountHash(platform: string, platformUserId: string): string;
}

const VERSION = 'v1';

export function createVault(dataKeyBase64: string, lookupKeyBase64: string): PersonalDataVault {
  const dataKey = Buffer.from(dataKeyBase64, 'base64');
  const lookupKey = Buffer.from(lookupKeyBase64, 'base64');
  if (dataKey.length !== 32) throw new Error('DATA_KEY must be 32 bytes');

  const encrypt = (plain: string | Buffer): string => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
    const body = Buffer.concat([cipher.update(typeof plain === 'string' ? Buffer.from(plain, 'utf8') : plain), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  };

  const decrypt = (sealed: string): Buffer => {
    const [version, payload] = sealed.split(':');
    if (version !== VERSION || !payload) throw new Error('unknown ciphertext format');
    const raw = Buffer.from(payload, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', dataKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
  };

  return {
    encrypt,
    decrypt,
    decryptText: (sealed) => decrypt(sealed).toString('utf8'),
    lookupHash: (idType, idNumber) => createHmac('sha256', lookupKey).update(`${idType}:${idNumber}`).digest('hex'),
    accountHash: (platform, platformUserId) =>
      createHmac('sha256', lookupKey).update(`account:${platform}:${platformUserId}`).digest('hex'),
  };
}
