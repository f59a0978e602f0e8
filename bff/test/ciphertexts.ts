import type { Connection } from 'mongoose';

/** Every string in the database that has the vault's ciphertext form, with where it is (`collection:dotted.path`). */
export async function ciphertextsIn(db: NonNullable<Connection['db']>): Promise<Array<{ at: string; value: string }>> {
  const found: Array<{ at: string; value: string }> = [];
  const walk = (collection: string, value: unknown, path: string) => {
    if (typeof value === 'string') {
      if (/^v[12]:/.test(value)) found.push({ at: `${collection}:${path}`, value });
    } else if (Array.isArray(value)) value.forEach((v) => walk(collection, v, `${path}[]`));
    else if (value && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value) && !('_bsontype' in value)) {
      for (const [k, v] of Object.entries(value)) walk(collection, v, path ? `${path}.${k}` : k);
    }
  };
  for (const { name } of await db.listCollections().toArray()) {
    for (const doc of await db.collection(name).find().toArray()) walk(name, doc, '');
  }
  return found;
}
