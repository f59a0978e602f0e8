import type { CreateMatterRequest } from '@regverify/shared';
import { sealPerson } from '../models/sealedPerson';
import { AppError } from '../errors';
import { documentsDigest } from '../domain/documents';
import { LIFETIMES } from '../domain/lifetimes';
import { canonicalJson, sha256Hex } from '../ledger/hash';
import type { MatterState } from '../ledger/ledger';
import { newId } from '../security/tokens';
import type { Services } from '../services';

export interface CreateMatterProps {
  /** The tenant whose portal key made the request. */
  tenant: string;
  /** The validated, normalised request body. */
  input: CreateMatterRequest;
}

/**
 * Registers a matter and one task per person. Idempotent on `portalRef` per tenant: the same
 * content again returns the existing matter, other content is `409 portal_ref_conflict`.
 * Write order makes a crash harmless: tasks and the genesis event first (invisible without their
 * matter), then the matter document, whose unique (tenant, portalRef) insert is the commit point.
 * The existing matter is looked up only when that insert says the portalRef is taken: the lookup by
 * (tenant, portalRef) is an index read on MongoDB but a scan of every matter on the embedded FerretDB.
 */
export async function createMatter(
  services: Services,
  { tenant, input }: CreateMatterProps,
): Promise<{ state: MatterState; created: boolean }> {
  const { models, ledger, vault, faceCheckable } = services;
  const contentHash = sha256Hex(canonicalJson(input));

  const now = services.now();
  const expiresAt = new Date(now.getTime() + LIFETIMES.matterMs);
  const matterId = newId();
  const tasks = input.participants.map((p, position) => {
    // An organization's task is its representative's to do: the to-dos, face checks and the
    // confirmation go by the representative's identity, as for a person in their own name.
    const person = p.kind === 'organization' ? p.representative : p;
    // A document the provider cannot face-check keeps its holder out of the mini-program (the entry
    // check needs it too), so even a sign-only holder finishes at a service window.
    const needsReview = !faceCheckable(person.idType);
    const taskId = newId();
    return {
      _id: taskId,
      matterId,
      tenant,
      position,
      person: sealPerson(vault, person, { collection: 'tasks', id: taskId }),
      organization: p.kind === 'organization' ? { name: p.name, uscc: p.uscc } : null,
      roles: p.roles,
      actions: p.actions,
      verify: !p.actions.includes('verify') ? 'n/a' : needsReview ? 'manual_review' : 'pending',
      sign: p.actions.includes('sign') ? 'pending' : 'n/a',
      status: 'pending',
      review: needsReview ? 'pending' : null,
      seq: 1,
      createdAt: now,
      expiresAt,
    } as const;
  });
  const matter = {
    _id: matterId,
    tenant,
    portalRef: input.portalRef,
    contentHash,
    kind: input.kind,
    entityName: input.entityName,
    documents: input.documents,
    documentsDigest: documentsDigest(input.documents),
    generation: 1,
    taskIds: tasks.map((t) => t._id),
    status: 'pending' as const,
    version: 1,
    lastHash: '',
    createdAt: now,
    expiresAt,
    submittedAt: null,
    closedAt: null,
  };
  const { event, hash } = ledger.genesis(
    { matter, tasks: tasks.map((t) => ({ ...t, verifiedBy: null, verifiedAt: null, confirmedAt: null, confirmation: null })) },
    { portalRef: input.portalRef, documentsDigest: matter.documentsDigest, taskIds: matter.taskIds },
  );

  await models.Task.insertMany(tasks);
  await models.MatterEvent.create(event);
  try {
    await models.Matter.create({ ...matter, lastHash: hash });
  } catch (err) {
    // Deleted one by one: a read or delete by `_id` is the one the embedded FerretDB does not scan for.
    await Promise.all([...tasks.map((t) => models.Task.deleteOne({ _id: t._id })), models.MatterEvent.deleteOne({ _id: event._id })]);
    if ((err as { code?: number }).code !== 11000) throw err;
    // The portalRef is registered already: a retry of that request, or another one.
    const existing = await findExisting(services, tenant, input.portalRef, contentHash);
    if (existing) return { state: existing, created: false };
    throw err;
  }
  ledger.announce(event);
  const state = await ledger.load(matterId);
  return { state: state!, created: true };
}

async function findExisting(services: Services, tenant: string, portalRef: string, contentHash: string): Promise<MatterState | null> {
  const found = await services.models.Matter.findOne({ tenant, portalRef }, { _id: 1, contentHash: 1 }).lean();
  if (!found) return null;
  if (found.contentHash !== contentHash) throw new AppError('portal_ref_conflict', { details: { matterId: found._id } });
  return services.ledger.load(found._id);
}
