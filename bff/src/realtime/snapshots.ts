import type { MatterStatus, MatterView } from '@regverify/shared';
import { CLOSED } from '../domain/matterStatus';

/**
 * What the snapshot cache needs of the rest of the BFF: the full read (ledger, expiry, tenant
 * check, presenter), and the cheap question whether a version is still the newest — one read of the
 * next event by `_id`, the ledger's commit point.
 */
export interface SnapshotSource {
  read(tenant: string, matterId: string): Promise<MatterView>;
  isCurrent(matterId: string, version: number): Promise<boolean>;
  now(): number;
}

interface Entry {
  tenant: string;
  view: MatterView;
  /** when the view was last known to be the newest (read, probed, or pushed) */
  knownAt: number;
}

/**
 * One snapshot per matter, kept by each node, so that a page connecting — or ten thousand pages
 * coming back after a restart — does not cost a read of the matter each. A view is served as it is
 * while it was known current less than `freshMs` ago (every commit this node makes or hears of
 * from the other nodes refreshes it); older, one probe of the ledger's next event confirms it, and
 * only a matter that has moved on is read again. Reads and probes of one matter are shared by
 * every socket that asks meanwhile. A view past the matter's expiry is never served: the read
 * expires the matter. A socket that joined its room before asking misses no change: what commits
 * after it joined is pushed to it, and the higher version wins.
 */
export class SnapshotCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Entry>>();
  private readonly freshMs: number;
  private readonly maxEntries: number;

  constructor(
    private readonly source: SnapshotSource,
    options: { freshMs?: number; maxEntries?: number } = {},
  ) {
    this.freshMs = options.freshMs ?? 1000;
    this.maxEntries = options.maxEntries ?? 20_000;
  }

  /** The newest view of a tenant's matter; throws as the full read does (not found, database away). */
  async get(tenant: string, matterId: string): Promise<MatterView> {
    const entry = this.entries.get(matterId);
    if (entry && entry.tenant === tenant && this.servable(entry)) return entry.view;
    const key = `${tenant}\u0000${matterId}`;
    const shared = this.pending.get(key);
    if (shared) return (await shared).view;
    const work = this.refresh(tenant, matterId, entry?.tenant === tenant ? entry : undefined);
    this.pending.set(key, work);
    try {
      return (await work).view;
    } finally {
      this.pending.delete(key);
    }
  }

  /** A committed view, from this node or another: kept when newer than what is held (matters already held only). */
  offer(matterId: string, view: MatterView): void {
    const entry = this.entries.get(matterId);
    if (!entry) return;
    if (view.version > entry.view.version) entry.view = view;
    if (view.version >= entry.view.version) entry.knownAt = this.source.now();
  }

  /** How many matters are held (for tests and metrics). */
  size(): number {
    return this.entries.size;
  }

  private servable(entry: Entry): boolean {
    return this.source.now() - entry.knownAt < this.freshMs && !this.pastExpiry(entry.view);
  }

  private pastExpiry(view: MatterView): boolean {
    return !CLOSED.has(view.status as MatterStatus) && Date.parse(view.expiresAt) <= this.source.now();
  }

  private async refresh(tenant: string, matterId: string, held: Entry | undefined): Promise<Entry> {
    const askedAt = this.source.now();
    if (held && !this.pastExpiry(held.view) && (await this.source.isCurrent(matterId, held.view.version))) {
      // A push that arrived during the probe is newer still: keep it.
      const latest = this.entries.get(matterId) ?? held;
      latest.knownAt = Math.max(latest.knownAt, askedAt);
      return latest;
    }
    const view = await this.source.read(tenant, matterId);
    const latest = this.entries.get(matterId);
    const entry: Entry =
      latest && latest.tenant === tenant && latest.view.version > view.version ? latest : { tenant, view, knownAt: askedAt };
    this.entries.delete(matterId); // re-inserted last: the map's order is the eviction order
    this.entries.set(matterId, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }
}
