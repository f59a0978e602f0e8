import { AppError, notFound } from '../errors';
import type { Services } from '../services';
import { readMatter } from './matterReader';

/** The portal reads back a document's content as uploaded; gone with the matter's personal data. */
export async function readDocument(services: Services, props: { tenant: string; matterId: string; index: number }): Promise<Buffer> {
  const { matter } = await readMatter(services, props);
  if (matter.purgedAt) throw new AppError('personal_data_purged');
  const document = matter.documents[props.index];
  if (!document?.contentType || !document.uploadedAt) throw notFound();
  const bytes = await services.documentFiles.read({ matterId: matter._id, generation: matter.generation, index: props.index });
  if (!bytes) throw notFound();
  return bytes;
}
