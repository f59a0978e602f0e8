import { AppError } from '../errors';
import { CONSENT_NOTICES } from '../domain/consent';
import type { SessionDoc } from '../models';
import type { Services } from '../services';

/**
 * The person's separate consent to one notice (face information, bank-card information), given
 * right before that step: the request must name the notice's current version, or
 * `400 consent_version_mismatch` naming the kind; then it is recorded, once per notice version and
 * task (a task face check) or session (the entry face check, the bank-card check).
 */
export async function recordNoticeConsent(
  services: Services,
  props: { session: SessionDoc; kind: 'face' | 'bankcard'; version: string | undefined; taskId?: string | null; matterId?: string | null },
): Promise<void> {
  const notice = CONSENT_NOTICES[props.kind];
  if (props.version !== notice.version) {
    throw new AppError('consent_version_mismatch', {
      message: `请先阅读并同意《${notice.title}》`,
      details: { kind: props.kind, current: notice.version },
    });
  }
  const scope = props.taskId ? `task:${props.taskId}` : `session:${props.session._id}`;
  const now = services.now();
  try {
    await services.models.ConsentRecord.create({
      _id: `${props.kind}:${notice.version}:${scope}`,
      kind: props.kind,
      ...(props.taskId ? { taskId: props.taskId, matterId: props.matterId ?? undefined } : { sessionId: props.session._id }),
      version: notice.version,
      at: now,
      account: services.vault.accountHash(props.session.platform, props.session.platformUserId),
      createdAt: now,
    });
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err; // consented before, to this version
  }
}
