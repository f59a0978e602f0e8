import type { Model } from 'mongoose';
import { underLease } from '../db/documentLease';
import { guardedUpdate, type Expected } from '../db/guardedUpdate';
import { matterLease, sessionLease, tenantLease, verificationLease } from '../models/leasedWrites';
import { sealedPersonPlaces } from '../models/sealedPerson';
import { SEALED_COLLECTIONS, SEALED_FIELDS, type SealContext, type SealedCollection } from '../security/sealedFields';
import type { Services } from '../services';

export interface RekeyOptions {
  batchSize?: number;
  /** Also rewrite every lookup hash under LOOKUP_KEY (`--lookup`, with the old key as LOOKUP_KEY_PREVIOUS). */
  lookup?: boolean;
}

export interface RekeyCounts {
  scanned: number;
  rewritten: number;
}

/** Per collection: documents looked at and rewritten (and the files of documents); the last three only with `lookup`. */
export type RekeyReport = Record<SealedCollection | 'documentFiles', RekeyCounts> &
  Partial<Record<'verifications' | 'auditEvents' | 'consentRecords', RekeyCounts>>;

type Doc = Record<string, unknown> & { _id: string };
/** What the rekey sets in one document: dotted paths to ciphertexts, lookup hashes, dropped proofs. */
type Changes = Record<string, unknown>;

const at = (doc: Record<string, unknown>, dotted: string): unknown =>
  dotted.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), doc);

const PROOFS = ['bankCard', 'entry', 'accountOwner'] as const;

/**
 * Re-encrypts every ciphertext that is not under the newest data key (the first of DATA_KEYS) —
 * every field `SEALED_FIELDS` lists, which is every place the vault can seal — so that older keys
 * can be retired. With `lookup`, also rewrites every lookup hash under LOOKUP_KEY: a task's and a
 * session's from the sealed ID number they sit beside, and those kept without one (a face check's,
 * an audit event's subject, a consent record's account) by what the first told it, old → new.
 *
 * Safe while the BFF serves: every node decrypts with every data key listed and, while
 * LOOKUP_KEY_PREVIOUS is set, accepts hashes of both lookup keys. No concurrent write is lost,
 * FerretDB included (it writes an updated document back whole): sessions, tenants and face checks
 * are rewritten under the same document lease their writers take; a task, under its matter's lease
 * (as the purge scrubs), and then brought back up to the ledger in case a ledger write landed
 * during the rekey's own. Running it again rewrites nothing.
 */
export async function rekeyAll(services: Services, options: RekeyOptions = {}): Promise<RekeyReport> {
  const { vault, models, ledger } = services;
  const batchSize = options.batchSize ?? 200;
  const lookups = new Map<string, string>(); // a person's hash under the old lookup key → under the new
  const accounts = new Map<string, string>(); // the same for platform accounts

  const resealed = (collection: SealedCollection, doc: Doc): Changes => {
    const set: Changes = {};
    for (const field of SEALED_FIELDS[collection]) {
      const sealed = at(doc, field);
      if (typeof sealed !== 'string' || !vault.needsRekey(sealed)) continue;
      const where = { collection, id: doc._id, field } as SealContext;
      set[field] = vault.encrypt(vault.decrypt(sealed, where), where);
    }
    return set;
  };

  /** The hash of a sealed person under the lookup key, or null when it already is (or was purged). */
  const relookup = (collection: 'tasks' | 'sessions', doc: Doc, person: unknown): { from: string; to: string } | null => {
    const p = person as { lookup?: string; idType?: string; idNumberEnc?: string } | null | undefined;
    if (!p?.lookup || !p.idNumberEnc || !p.idType) return null;
    const [, idNumberAt] = sealedPersonPlaces({ collection, id: doc._id });
    const to = vault.lookupHash(p.idType as never, vault.decryptText(p.idNumberEnc, idNumberAt));
    if (to === p.lookup) return null;
    lookups.set(p.lookup, to);
    return { from: p.lookup, to };
  };

  const taskChanges = (doc: Doc): Changes => {
    const set = resealed('tasks', doc);
    const moved = options.lookup ? relookup('tasks', doc, doc.person) : null;
    if (moved) set['person.lookup'] = moved.to;
    return set;
  };

  const sessionChanges = (doc: Doc): Changes => {
    const set = resealed('sessions', doc);
    if (!options.lookup) return set;
    const [current, previous] = vault.accountHashes(String(doc.platform), String(doc.platformUserId));
    if (previous) accounts.set(previous, current);
    const moved = relookup('sessions', doc, doc.identity);
    if (!moved) return set;
    set['identity.lookup'] = moved.to;
    for (const proof of PROOFS) {
      const held = doc[proof] as { lookup?: string } | null | undefined;
      if (!held) continue;
      // A proof of this identity follows it; one of an identity held before proves nothing now.
      if (held.lookup === moved.from) set[`${proof}.lookup`] = moved.to;
      else if (held.lookup !== moved.to) set[proof] = null;
    }
    return set;
  };

  /** Reads the document afresh, computes its changes and writes them: true when it did. */
  const rewrite = async (model: Model<never>, id: string, changes: (doc: Doc) => Changes, after?: (doc: Doc) => Promise<void>) => {
    const doc = (await model.findById(id).lean()) as Doc | null;
    if (!doc) return false;
    const set = changes(doc);
    if (Object.keys(set).length === 0) return false;
    // Only while it still holds what was read: on MongoDB this one conditional update is what keeps a
    // purge or another writer from being undone; on FerretDB the lease does, and this checks again.
    const expected: Expected = {};
    for (const path of Object.keys(set)) {
      const old = at(doc, path);
      if (old && typeof old === 'object') expected[`${path}.lookup`] = (old as { lookup?: string }).lookup ?? null;
      else expected[path] = (old as string | number | null | undefined) ?? null;
    }
    if (!(await guardedUpdate(model, id, expected, { $set: set } as never))) return false;
    await after?.(doc);
    return true;
  };

  const rewriters: Record<SealedCollection, (id: string) => Promise<boolean>> = {
    tasks: async (id) => {
      const found = await models.Task.findById(id, { matterId: 1 }).lean();
      if (!found) return false;
      return underLease(models.Claim, matterLease(found.matterId), () =>
        rewrite(models.Task as never, id, taskChanges, (doc) => ledger.restoreTask(String(doc.matterId), id, Number(doc.seq))),
      );
    },
    sessions: (id) => underLease(models.Claim, sessionLease(id), () => rewrite(models.Session as never, id, sessionChanges)),
    tenants: (id) =>
      underLease(models.Claim, tenantLease(id), () => rewrite(models.Tenant as never, id, (doc) => resealed('tenants', doc))),
    // Written once, then only deleted: nothing to lose.
    signatures: (id) => rewrite(models.Signature as never, id, (doc) => resealed('signatures', doc)),
    // A second decline replaces the record: the rewrite lands only while it holds the note it read.
    declines: (id) => rewrite(models.Decline as never, id, (doc) => resealed('declines', doc)),
  };
  const modelOf: Record<SealedCollection, Model<never>> = {
    tasks: models.Task as never,
    sessions: models.Session as never,
    signatures: models.Signature as never,
    tenants: models.Tenant as never,
    declines: models.Decline as never,
  };

  /** Every document of a collection, by `_id` in pages, each handed to `each`. */
  const sweep = async (model: Model<never>, each: (id: string) => Promise<boolean>): Promise<RekeyCounts> => {
    const counts = { scanned: 0, rewritten: 0 };
    let last: string | null = null;
    for (;;) {
      const filter = last === null ? {} : { _id: { $gt: last } };
      const page: Array<{ _id: unknown }> = await model
        .find(filter as never, { _id: 1 })
        .sort({ _id: 1 })
        .limit(batchSize)
        .lean();
      if (page.length === 0) break;
      for (const { _id } of page) {
        counts.scanned++;
        if (await each(String(_id))) counts.rewritten++;
      }
      last = String(page[page.length - 1]._id);
    }
    return counts;
  };

  const report = {} as RekeyReport;
  for (const collection of SEALED_COLLECTIONS) report[collection] = await sweep(modelOf[collection], rewriters[collection]);
  // A file name's bytes are always the same (their digest is the document's), so a concurrent upload loses nothing.
  report.documentFiles = await services.documentFiles.rekey();
  if (!options.lookup) return report;

  /** A hash kept without the ID number beside it follows the person's: rewritten when the sweep above saw the old one. */
  const mapped =
    (map: Map<string, string>, path: string) =>
    (doc: Doc): Changes => {
      const old = at(doc, path);
      return typeof old === 'string' && map.has(old) ? { [path]: map.get(old) } : {};
    };
  report.verifications = await sweep(models.Verification as never, async (id) => {
    const found = await models.Verification.findById(id, { matterId: 1 }).lean();
    if (!found) return false;
    const write = () =>
      underLease(models.Claim, verificationLease(id), () => rewrite(models.Verification as never, id, mapped(lookups, 'lookup')));
    // A matter's check under the matter's lease too: the purge removes its hash.
    return found.matterId ? underLease(models.Claim, matterLease(found.matterId), write) : write();
  });
  // Inserted once, then only deleted.
  report.auditEvents = await sweep(models.AuditEvent as never, (id) => rewrite(models.AuditEvent as never, id, mapped(lookups, 'subject')));
  report.consentRecords = await sweep(models.ConsentRecord as never, (id) =>
    rewrite(models.ConsentRecord as never, id, mapped(accounts, 'account')),
  );
  return report;
}
