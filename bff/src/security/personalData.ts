import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { IdType } from '@regverify/shared';

/**
 * Where a ciphertext belongs: its collection, its record and its field. It is the associated
 * data of the encryption, so a ciphertext copied to another record or field does not decrypt.
 */
export interface SealContext {
  collection: 'tasks' | 'sessions' | 'signatures' | 'tenants';
  id: string;
  field: string;
}

/**
 * Personal data at rest: AES-256-GCM with a data key for values we must read back (names, ID
 * numbers, signatures, callback secrets), and an HMAC with the LOOKUP_KEY for finding "my" tasks
 * without decrypting anything.
 *
 * Ciphertexts are `v2:<key id>:<base64 of iv | tag | ciphertext>`, bound to their place by
 * associated data (`SealContext`). Several data keys are accepted (`DATA_KEYS`); the first, the
 * newest, encrypts, and `npm run rekey` re-encrypts everything under it so older keys can be
 * retired. Ciphertexts of the first format (`v1:`, no key id, no associated data) still decrypt,
 * with any key, until the rekey rewrites them.
 */
export interface PersonalDataVault {
  encrypt(plain: string | Buffer, where: SealContext): string;
  decrypt(sealed: string, where: SealContext): Buffer;
  decryptText(sealed: string, where: SealContext): string;
  /** True when `sealed` is not under the newest key in the current format (the rekey rewrites it). */
  needsRekey(sealed: string): boolean;
  /** The id of the key that encrypts now. */
  readonly currentKeyId: string;
  /** Keyed hash of a document: equal for equal (type, number), useless without the key. */
  lookupHash(idType: IdType, idNumber: string): string;
  /** Keyed hash of a platform account (consent records): equal for the same account, useless without the key. */
  accountHash(platform: string, platformUserId: string): string;
}

/** A data key: its id (written into every ciphertext) and 32 bytes. */
export interface DataKey {
  id: string;
  key: Buffer;
}

const aad = (where: SealContext) => Buffer.from(`${where.collection}|${where.id}|${where.field}`, 'utf8');

/** `keys`: newest first. */
export function createVault(keys: readonly DataKey[], lookupKeyBase64: string): PersonalDataVault {
  if (keys.length === 0) throw new Error('at least one data key is needed');
  for (const k of keys) if (k.key.length !== 32) throw new Error(`data key ${k.id} must be 32 bytes`);
  const [current] = keys;
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  const lookupKey = Buffer.from(lookupKeyBase64, 'base64');

  const open = (key: Buffer, raw: Buffer, associated: Buffer | null): Buffer => {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    if (associated) decipher.setAAD(associated);
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
  };

  const decrypt = (sealed: string, where: SealContext): Buffer => {
    const parts = sealed.split(':');
    if (parts[0] === 'v2' && parts.length === 3) {
      const key = byId.get(parts[1]);
      if (!key) throw new Error(`ciphertext under an unknown data key (${parts[1].slice(0, 32)})`);
      return open(key, Buffer.from(parts[2], 'base64'), aad(where));
    }
    if (parts[0] === 'v1' && parts.length === 2) {
      const raw = Buffer.from(parts[1], 'base64');
      for (const { key } of keys) {
        try {
          return open(key, raw, null);
        } catch {
          // another key
        }
      }
      throw new Error('v1 ciphertext under none of the data keys');
    }
    throw new Error('unknown ciphertext format');
  };

  return {
    currentKeyId: current.id,
    encrypt: (plain, where) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      cipher.setAAD(aad(where));
      const body = Buffer.concat([cipher.update(typeof plain === 'string' ? Buffer.from(plain, 'utf8') : plain), cipher.final()]);
      return `v2:${current.id}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    decrypt,
    decryptText: (sealed, where) => decrypt(sealed, where).toString('utf8'),
    needsRekey: (sealed) => !sealed.startsWith(`v2:${current.id}:`),
    lookupHash: (idType, idNumber) => createHmac('sha256', lookupKey).update(`${idType}:${idNumber}`).digest('hex'),
    accountHash: (platform, platformUserId) =>
      createHmac('sha256', lookupKey).update(`account:${platform}:${platformUserId}`).digest('hex'),
  };
}
