import { AppError, notFound } from '../errors';
import { signatureId } from '../models/signature';
import type { Services } from '../services';
import { readMatter } from './matterReader';

/** The PNG a person signed for the current documents of a tenant's matter. */
export async function readSignature(services: Services, props: { tenant: string; matterId: string; taskId: string }): Promise<Buffer> {
  const { matter, tasks } = await readMatter(services, props);
  if (matter.purgedAt) throw new AppError('personal_data_purged');
  const task = tasks.find((t) => t._id === props.taskId);
  if (!task) throw notFound();
  if (task.sign !== 'done' || !task.confirmation?.signed) throw new AppError('signature_not_found');
  const generation = task.confirmation.generation ?? matter.generation;
  // Confirmations before signatures were stored under their hash name the older id.
  const id = task.confirmation.signatureSha256
    ? signatureId(task._id, generation, task.confirmation.signatureSha256)
    : `${task._id}:${generation}`;
  const signature = await services.models.Signature.findById(id).lean();
  if (!signature) throw new AppError('signature_not_found');
  return services.vault.decrypt(signature.pngEnc, { collection: 'signatures', id, field: 'pngEnc' });
}
