import { createCipheriv, randomBytes } from 'node:crypto';
import { createVault, type SealContext } from './personalData';

const key = (id: string) => ({ id, key: randomBytes(32) });
const lookupKey = () => randomBytes(32).toString('base64');
const here: SealContext = { collection: 'tasks', id: 'task-1', field: 'person.idNumberEnc' };

describe('personal data vault', () => {
  const k1 = key('2026-01');
  const vault = createVault([k1], lookupKey());

  it('round-trips text and bytes, with a fresh IV each time and the key id in the ciphertext', () => {
    const a = vault.encrypt('11010519491231002X', here);
    const b = vault.encrypt('11010519491231002X', here);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v2:2026-01:/);
    expect(a).not.toContain('11010519491231002X');
    expect(vault.decryptText(a, here)).toBe('11010519491231002X');
    expect(vault.decrypt(vault.encrypt(Buffer.from([1, 2, 3]), here), here)).toEqual(Buffer.from([1, 2, 3]));
  });

  it('refuses a tampered ciphertext or another key', () => {
    const sealed = vault.encrypt('张三', here);
    const [v, id, payload] = sealed.split(':');
    const raw = Buffer.from(payload, 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => vault.decrypt(`${v}:${id}:${raw.toString('base64')}`, here)).toThrow();
    expect(() => createVault([key('2026-01')], lookupKey()).decrypt(sealed, here)).toThrow();
    expect(() => createVault([key('other')], lookupKey()).decrypt(sealed, here)).toThrow(/unknown data key/);
  });

  it('binds each ciphertext to its collection, record and field: moved elsewhere, it does not decrypt', () => {
    const sealed = vault.encrypt('11010519491231002X', here);
    const elsewheres: SealContext[] = [
      { ...here, id: 'task-2' },
      { ...here, field: 'person.nameEnc' },
      { collection: 'sessions', id: here.id, field: 'identity.idNumberEnc' },
    ];
    for (const elsewhere of elsewheres) {
      expect(() => vault.decrypt(sealed, elsewhere)).toThrow();
    }
  });

  it('accepts several keys: the newest encrypts, every one decrypts, and says what needs a rekey', () => {
    const k2 = key('2026-11');
    const rotated = createVault([k2, k1], lookupKey());
    const old = vault.encrypt('张三', here);
    const fresh = rotated.encrypt('张三', here);
    expect(fresh).toMatch(/^v2:2026-11:/);
    expect(rotated.decryptText(old, here)).toBe('张三');
    expect(rotated.decryptText(fresh, here)).toBe('张三');
    expect([rotated.needsRekey(old), rotated.needsRekey(fresh)]).toEqual([true, false]);
    expect(rotated.currentKeyId).toBe('2026-11');
    // Once the old key is retired, what was not rekeyed cannot be read.
    expect(() => createVault([k2], lookupKey()).decrypt(old, here)).toThrow(/unknown data key/);
  });

  it('still reads the first format (v1: no key id, no associated data) with any of its keys, and marks it for the rekey', () => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', k1.key, iv);
    const body = Buffer.concat([cipher.update('李四', 'utf8'), cipher.final()]);
    const v1 = `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    const rotated = createVault([key('2026-11'), k1], lookupKey());
    expect(rotated.decryptText(v1, here)).toBe('李四');
    expect(rotated.needsRekey(v1)).toBe(true);
  });

  it('hashes lookups per document type and key', () => {
    const same = vault.lookupHash('resident_id', '11010519491231002X');
    expect(vault.lookupHash('resident_id', '11010519491231002X')).toBe(same);
    expect(vault.lookupHash('hmt_residence_permit', '11010519491231002X')).not.toBe(same);
    expect(createVault([k1], lookupKey()).lookupHash('resident_id', '11010519491231002X')).not.toBe(same);
    expect(same).toMatch(/^[0-9a-f]{64}$/);
  });
});
