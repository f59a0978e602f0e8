import { randomBytes } from 'node:crypto';
import { createVault } from './personalData';

const key = () => randomBytes(32).toString('base64');

describe('personal data vault', () => {
  const vault = createVault(key(), key());

  it('round-trips text and bytes, with a fresh IV each time', () => {
    const a = vault.encrypt('11010519491231002X');
    const b = vault.encrypt('11010519491231002X');
    expect(a).not.toBe(b);
    expect(a).not.toContain('11010519491231002X');
    expect(vault.decryptText(a)).toBe('11010519491231002X');
    expect(vault.decrypt(vault.encrypt(Buffer.from([1, 2, 3])))).toEqual(Buffer.from([1, 2, 3]));
  });

  it('refuses a tampered ciphertext or another key', () => {
    const sealed = vault.encrypt('张三');
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => vault.decrypt(`v1:${raw.toString('base64')}`)).toThrow();
    expect(() => createVault(key(), key()).decrypt(sealed)).toThrow();
  });

  it('hashes lookups per document type and key', () => {
    const same = vault.lookupHash('resident_id', '11010519491231002X');
    expect(vault.lookupHash('resident_id', '11010519491231002X')).toBe(same);
    expect(vault.lookupHash('hmt_residence_permit', '11010519491231002X')).not.toBe(same);
    expect(createVault(key(), key()).lookupHash('resident_id', '11010519491231002X')).not.toBe(same);
    expect(same).toMatch(/^[0-9a-f]{64}$/);
  });
});
