import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { IdType } from '@regverify/shared';
import type { SealContext } from './sealedFields';

export type { SealContext } from './sealedFields';

/**
 * Personal data at rest: AES-256-GCM with a data key for values we must read back (names, ID
 * numbers, signatures, callback secrets, platform tokens), and an HMAC with the LOOKUP_KEY for
 * finding "my" tasks without decrypting anything.
 *
 * Ciphertexts are `v2:<key id>:<base64 of iv | tag | ciphertext>`, bound to their place by
 * associated data (`SealContext`). Several data keys are accepted (`DATA_KEYS`); the first, the
 * newest, encrypts, and `npm run rekey` re-encrypts everything under it so older keys can be
 * retired. Ciphertexts of the first format (`v1:`, no key id, no associated data) still decrypt,
 * with any key, until the rekey rewrites them.
 *
 * Lookup hashes carry no key id. While the lookup key is being rotated (`LOOKUP_KEY_PREVIOUS`
 * set), `lookupHashes` gives the hash under both keys, so a person's records are found whichever
 * key they were written with, until `npm run rekey -- --lookup` has rewritten them all.
 */
export interface PersonalDataVault {
  encrypt(plain: string | Buffer, where: SealContext): string;
  decrypt(sealed: string, where: SealContext): Buffer;
  decryptText(sealed: string, where: SealContext): string;
  /** The same for bytes kept as bytes (files): `v2:<key id>:` in ASCII, then iv | tag | ciphertext. */
  encryptBytes(plain: Buffer, where: SealContext): Buffer;
  decryptBytes(sealed: Buffer, where: SealContext): Buffer;
  /** The key id a sealed file names (from its first bytes), or null when it is not in this format. */
  keyIdOfBytes(head: Buffer): string | null;
  /** True when `sealed` is not under the newest key in the current format (the rekey rewrites it). */
  needsRekey(sealed: string): boolean;
  /** The id of the key that encrypts now. */
  readonly currentKeyId: string;
  /** Keyed hash of a document: equal for equal (type, number), useless without the key. */
  lookupHash(idType: IdType, idNumber: string): string;
  /** Keyed hash of a platform account (consent records): equal for the same account, useless without the key. */
  accountHash(platform: string, platformUserId: string): string;
  /** The document's hash under the lookup key, then under the previous one while it is rotated. */
  lookupHashes(idType: IdType, idNumber: string): string[];
  /** The account's hash under the lookup key, then under the previous one while it is rotated. */
  accountHashes(platform: string, platformUserId: string): string[];
  /** True while a previous lookup key is configured (hashes of either key are accepted). */
  readonly rotatingLookupKey: boolean;
}

/** A data key: its id (written into every ciphertext) and 32 bytes. */
export interface DataKey {
  id: string;
  key: Buffer;
}

const aad = (where: SealContext) => Buffer.from(`${where.collection}|${where.id}|${where.field}`, 'utf8');

/** `keys`: newest first. `previousLookupKeyBase64`: the lookup key being retired, while its hashes are rewritten. */
export function createVault(keys: readonly DataKey[], lookupKeyBase64: string, previousLookupKeyBase64?: string): PersonalDataVault {
  if (keys.length === 0) throw new Error('at least one data key is needed');
  for (const k of keys) if (k.key.length !== 32) throw new Error(`data key ${k.id} must be 32 bytes`);
  const [current] = keys;
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  const lookupKeys = [lookupKeyBase64, ...(previousLookupKeyBase64 ? [previousLookupKeyBase64] : [])].map((k) => Buffer.from(k, 'base64'));
  const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest('hex');
  const lookupText = (idType: IdType, idNumber: string) => `${idType}:${idNumber}`;
  const accountText = (platform: string, platformUserId: string) => `account:${platform}:${platformUserId}`;

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

  const keyIdOfBytes = (head: Buffer): string | null => {
    if (head.subarray(0, 3).toString('latin1') !== 'v2:') return null;
    const end = head.indexOf(0x3a, 3);
    return end > 3 ? head.subarray(3, end).toString('latin1') : null;
  };

  return {
    currentKeyId: current.id,
    encryptBytes: (plain, where) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      cipher.setAAD(aad(where));
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([Buffer.from(`v2:${current.id}:`, 'latin1'), iv, cipher.getAuthTag(), body]);
    },
    decryptBytes: (sealed, where) => {
      const id = keyIdOfBytes(sealed);
      const key = id === null ? undefined : byId.get(id);
      if (!key)
        throw new Error(id === null ? 'unknown sealed-bytes format' : `sealed bytes under an unknown data key (${id.slice(0, 32)})`);
      return open(key, sealed.subarray(4 + id!.length), aad(where));
    },
    keyIdOfBytes,
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
    lookupHash: (idType, idNumber) => hmac(lookupKeys[0], lookupText(idType, idNumber)),
    accountHash: (platform, platformUserId) => hmac(lookupKeys[0], accountText(platform, platformUserId)),
    lookupHashes: (idType, idNumber) => lookupKeys.map((k) => hmac(k, lookupText(idType, idNumber))),
    accountHashes: (platform, platformUserId) => lookupKeys.map((k) => hmac(k, accountText(platform, platformUserId))),
    rotatingLookupKey: lookupKeys.length > 1,
  };
}
