import type { AuditEventDoc } from '../models';
import { newId } from '../security/tokens';
import type { Services } from '../services';

/** Records a security or accountability event (models/auditEvent.ts) and logs it, without personal data. */
export async function recordAudit(
  services: Services,
  event: { kind: AuditEventDoc['kind']; subject?: string | null; actor: string; data?: Record<string, unknown> },
): Promise<void> {
  const doc = { _id: newId(), at: services.now(), kind: event.kind, actor: event.actor, data: event.data ?? {} };
  await services.models.AuditEvent.create(event.subject ? { ...doc, subject: event.subject } : doc);
  services.logger.warn({ audit: doc.kind, auditId: doc._id, actor: doc.actor }, 'security event');
}
