import type { Model } from 'mongoose';
import type { SealContext } from '../security/personalData';
import type { Services } from '../services';

/** Every encrypted field there is, by collection (dotted paths). */
const SEALED_FIELDS: Record<SealContext['collection'], readonly string[]> = {
  tasks: ['person.nameEnc', 'person.idNumberEnc'],
  sessions: ['identity.nameEnc', 'identity.idNumberEnc'],
  signatures: ['pngEnc'],
  tenants: ['secretEnc'],
};

export type RekeyReport = Record<SealContext['collection'], { scanned: number; rewritten: number }>;

const at = (doc: Record<string, unknown>, dotted: string): unknown =>
  dotted.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), doc);

/**
 * Re-encrypts every ciphertext that is not under the newest data key (the first of DATA_KEYS), in
 * the current format, so that older keys can be retired. Each field is rewritten only if it still
 * holds what was read (a concurrent change wins); running it again rewrites nothing. Safe while the
 * BFF serves: every node decrypts with every key listed.
 */
export async function rekeyAll(services: Services, batchSize = 200): Promise<RekeyReport> {
  const { vault, models } = services;
  const modelOf: Record<SealContext['collection'], Model<never>> = {
    tasks: models.Task as never,
    sessions: models.Session as never,
    signatures: models.Signature as never,
    tenants: models.Tenant as never,
  };
  const report = {} as RekeyReport;
  for (const collection of Object.keys(SEALED_FIELDS) as Array<SealContext['collection']>) {
    const fields = SEALED_FIELDS[collection];
    const model = modelOf[collection];
    const counts = { scanned: 0, rewritten: 0 };
    let after: string | null = null;
    for (;;) {
      const page: Array<Record<string, unknown>> = await model
        .find((after === null ? {} : { _id: { $gt: after } }) as never, Object.fromEntries(fields.map((f) => [f, 1])))
        .sort({ _id: 1 })
        .limit(batchSize)
        .lean();
      if (page.length === 0) break;
      for (const doc of page) {
        counts.scanned++;
        const id = String(doc._id);
        for (const field of fields) {
          const sealed = at(doc, field);
          if (typeof sealed !== 'string' || !vault.needsRekey(sealed)) continue;
          const where = { collection, id, field };
          const resealed = vault.encrypt(vault.decrypt(sealed, where), where);
          const res = await model.updateOne({ _id: id, [field]: sealed } as never, { $set: { [field]: resealed } } as never);
          if (res.modifiedCount === 1) counts.rewritten++;
        }
      }
      after = String(page[page.length - 1]._id);
    }
    report[collection] = counts;
  }
  return report;
}
