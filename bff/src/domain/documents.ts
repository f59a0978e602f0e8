import type { DocumentRef } from '@regverify/shared';
import { canonicalJson, sha256Hex } from '../ledger/hash';

/**
 * The digest people confirm: sha256 (hex) over the canonical JSON of the document list in order,
 * `[{"name":"…","sha256":"…"},…]` (keys sorted, no spaces, UTF-8). A portal can compute it itself.
 */
export function documentsDigest(documents: DocumentRef[]): string {
  return sha256Hex(canonicalJson(documents.map((d) => ({ name: d.name, sha256: d.sha256 }))));
}
