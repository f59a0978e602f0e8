import type { Connection } from 'mongoose';
import { eventHash, GENESIS_HASH } from '../src/ledger/hash';

/**
 * What someone who can write the database, but holds none of the BFF's keys, can do to a matter's
 * audit trail — straight through the driver, as such a person would. The ledger's check must
 * notice each of them.
 */
export function ledgerTamperer(conn: Connection) {
  const events = () => conn.db!.collection('matter_events');
  const matters = () => conn.db!.collection<{ _id: string }>('matters');

  return {
    /** Removes the matter's newest event and leaves the matter document as it is. */
    async deleteLastEvent(matterId: string): Promise<void> {
      const [last] = await events().find({ matterId }).sort({ seq: -1 }).limit(1).toArray();
      await events().deleteOne({ _id: last._id });
    },

    /**
     * Changes event `seq` with `set` (a `$set`), then recomputes its hash and every later one and
     * moves the matter's head along, so that the hash chain is consistent again. The anchors cannot
     * be remade without the key: they stay (and no longer match), or `stripAnchors` removes them.
     */
    async rewriteEvent(matterId: string, seq: number, set: Record<string, unknown>, { stripAnchors = false } = {}): Promise<void> {
      if (Object.keys(set).length > 0) await events().updateOne({ matterId, seq }, { $set: set });
      const before = seq === 1 ? null : await events().findOne({ matterId, seq: seq - 1 });
      let prevHash = before ? (before.hash as string) : GENESIS_HASH;
      for (const e of await events()
        .find({ matterId, seq: { $gte: seq } })
        .sort({ seq: 1 })
        .toArray()) {
        const hash = eventHash({
          matterId: e.matterId,
          seq: e.seq,
          type: e.type,
          at: e.at,
          taskId: e.taskId ?? undefined,
          data: e.data,
          patch: e.patch,
          prevHash,
        });
        await events().updateOne({ _id: e._id }, { $set: { prevHash, hash }, ...(stripAnchors ? { $unset: { anchor: '' } } : {}) });
        prevHash = hash;
      }
      await matters().updateOne({ _id: matterId }, { $set: { lastHash: prevHash } });
    },
  };
}
