import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from './hash';

/** The head of a matter's chain as of one event: what an anchor vouches for. */
export interface ChainHead {
  matterId: string;
  seq: number;
  hash: string;
}

/** What an anchor says when checked against the head it is stored with. */
export type AnchorCheck = 'valid' | 'mismatch' | 'other key';

/**
 * Anchors chain heads outside the database: an HMAC-SHA256 over (matterId, seq, hash) with
 * `AUDIT_ANCHOR_KEY`, which lives in the nodes' configuration and never in the database. The hash
 * chain alone only shows that events agree with each other; whoever can write the database can
 * rewrite an event and recompute every hash after it, but cannot make these.
 *
 * An anchor is `<key id>.<mac>`: the key id (a fingerprint of the key, not the key) tells a node
 * configured with another key — or a rotated key — from a forged anchor.
 */
export interface ChainAnchor {
  sign(head: ChainHead): string;
  check(head: ChainHead, anchor: string): AnchorCheck;
}

export function createChainAnchor(keyBase64: string): ChainAnchor {
  const key = Buffer.from(keyBase64, 'base64');
  if (key.length !== 32) throw new Error('the audit anchor key must be 32 bytes');
  // Domain-separated, so the fingerprint can never equal a MAC this key makes.
  const keyId = createHash('sha256').update('regverify audit anchor key id\0').update(key).digest('hex').slice(0, 8);
  const mac = (head: ChainHead) =>
    createHmac('sha256', key)
      .update(canonicalJson(['regverify audit anchor v1', head.matterId, head.seq, head.hash]))
      .digest();

  return {
    sign: (head) => `${keyId}.${mac(head).toString('base64url')}`,
    check(head, anchor) {
      const [id, given, ...rest] = anchor.split('.');
      if (rest.length > 0 || !given) return 'mismatch';
      if (id !== keyId) return 'other key';
      const expected = mac(head);
      const actual = Buffer.from(given, 'base64url');
      return actual.length === expected.length && timingSafeEqual(actual, expected) ? 'valid' : 'mismatch';
    },
  };
}
