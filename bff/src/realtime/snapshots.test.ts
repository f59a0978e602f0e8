import type { MatterView } from '@regverify/shared';
import { SnapshotCache, type SnapshotSource } from './snapshots';

const DAY = 86_400_000;

function view(version: number, over: Partial<MatterView> = {}): MatterView {
  return { id: 'm1', version, status: 'pending', expiresAt: new Date(10 * DAY).toISOString(), ...over } as MatterView;
}

/** The ledger as the cache sees it: its newest view per matter, and counters of what was asked. */
function ledger(initial: MatterView) {
  let clock = 0;
  let newest = initial;
  const asked = { reads: 0, probes: 0 };
  const source: SnapshotSource = {
    read: async (tenant) => {
      asked.reads++;
      await new Promise((r) => setTimeout(r, 5));
      if (tenant !== 't1') throw new Error('not found');
      return newest;
    },
    isCurrent: async (_m, version) => {
      asked.probes++;
      await new Promise((r) => setTimeout(r, 5));
      return version >= newest.version;
    },
    now: () => clock,
  };
  return {
    source,
    asked,
    commit: (v: MatterView) => (newest = v),
    advance: (ms: number) => (clock += ms),
  };
}

describe('SnapshotCache', () => {
  it('reads a matter once for every socket that connects meanwhile', async () => {
    const l = ledger(view(3));
    const cache = new SnapshotCache(l.source);
    const views = await Promise.all(Array.from({ length: 50 }, () => cache.get('t1', 'm1')));
    expect(views.every((v) => v.version === 3)).toBe(true);
    expect(l.asked).toEqual({ reads: 1, probes: 0 });
    await cache.get('t1', 'm1');
    expect(l.asked).toEqual({ reads: 1, probes: 0 });
  });

  it('confirms a view older than a second with one probe, and reads again only a matter that moved on', async () => {
    const l = ledger(view(3));
    const cache = new SnapshotCache(l.source, { freshMs: 1000 });
    await cache.get('t1', 'm1');
    l.advance(1500);
    await Promise.all([cache.get('t1', 'm1'), cache.get('t1', 'm1')]);
    expect(l.asked).toEqual({ reads: 1, probes: 1 });

    l.commit(view(4));
    l.advance(1500);
    expect((await cache.get('t1', 'm1')).version).toBe(4);
    expect(l.asked).toEqual({ reads: 2, probes: 2 });
  });

  it('serves a pushed view at once, and never an older one', async () => {
    const l = ledger(view(3));
    const cache = new SnapshotCache(l.source);
    await cache.get('t1', 'm1');
    l.advance(5000);
    cache.offer('m1', view(5));
    cache.offer('m1', view(4));
    expect((await cache.get('t1', 'm1')).version).toBe(5);
    expect(l.asked).toEqual({ reads: 1, probes: 0 });
  });

  it('reads again a matter past its expiry, so the read can expire it', async () => {
    const l = ledger(view(3, { expiresAt: new Date(1000).toISOString() }));
    const cache = new SnapshotCache(l.source);
    await cache.get('t1', 'm1');
    l.advance(500);
    await cache.get('t1', 'm1');
    expect(l.asked.reads).toBe(1);
    l.commit(view(4, { status: 'expired', expiresAt: new Date(1000).toISOString() }));
    l.advance(600);
    expect((await cache.get('t1', 'm1')).status).toBe('expired');
    expect(l.asked).toEqual({ reads: 2, probes: 0 });
  });

  it("never serves one tenant's matter to another", async () => {
    const l = ledger(view(3));
    const cache = new SnapshotCache(l.source);
    await cache.get('t1', 'm1');
    await expect(cache.get('t2', 'm1')).rejects.toThrow('not found');
    expect((await cache.get('t1', 'm1')).version).toBe(3);
  });

  it('keeps at most maxEntries matters, dropping the longest unread', async () => {
    const l = ledger(view(1));
    const cache = new SnapshotCache(l.source, { maxEntries: 2 });
    for (const m of ['a', 'b', 'c']) await cache.get('t1', m);
    expect(cache.size()).toBe(2);
    await cache.get('t1', 'a');
    expect(l.asked.reads).toBe(4);
  });
});
