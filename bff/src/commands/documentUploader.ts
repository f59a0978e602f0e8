import { AppError, notFound } from '../errors';
import { assertOpen } from '../domain/matterStatus';
import { sha256Hex } from '../ledger/hash';
import type { MatterState } from '../ledger/ledger';
import type { Services } from '../services';
import { readMatter } from '../queries/matterReader';

export interface UploadDocumentProps {
  tenant: string;
  matterId: string;
  index: number;
  bytes: Buffer;
}

/**
 * A portal uploads the bytes of one of its matter's documents (one announced with a `contentType`),
 * for the people to read before they confirm. They must be exactly the document the filing names:
 * their SHA-256 is the document's `sha256`, or `400 document_digest_mismatch`. Stored sealed
 * (`DocumentFiles`), then recorded as the event `document.uploaded`, which makes the document
 * `hasContent` in the MatterView. Uploading the same bytes again stores them again and changes nothing else.
 */
export async function uploadDocument(
  services: Services,
  props: UploadDocumentProps,
): Promise<{ state: MatterState; index: number; sha256: string; size: number }> {
  const { matter } = await readMatter(services, props);
  assertOpen(matter, services.now());
  const document = matter.documents[props.index];
  if (!document?.contentType) throw notFound();
  const sha256 = sha256Hex(props.bytes);
  if (sha256 !== document.sha256) throw new AppError('document_digest_mismatch', { details: { index: props.index, sha256 } });
  const generation = matter.generation;
  await services.documentFiles.store({ matterId: matter._id, generation, index: props.index }, props.bytes);
  const { state } = await services.ledger.commit(props.matterId, ({ matter: now }) => {
    // New documents came in meanwhile: these bytes belong to the old ones.
    if (now.generation !== generation) throw new AppError('digest_mismatch');
    if (now.documents[props.index]?.uploadedAt) return null;
    assertOpen(now, services.now());
    const documents = now.documents.map((d, i) => (i === props.index ? { ...d, uploadedAt: services.now() } : d));
    return { type: 'document.uploaded', data: { index: props.index, sha256, size: props.bytes.length }, matter: { documents } };
  });
  return { state, index: props.index, sha256, size: props.bytes.length };
}
