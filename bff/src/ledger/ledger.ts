import { setTimeout as sleep } from 'node:timers/promises';
import { findByIdDirect, insertDirect } from '../db/direct';
import { guardedUpdate } from '../db/guardedUpdate';
import { AppError, notFound } from '../errors';
import type { MatterDoc, Models, TaskDoc } from '../models';
import type { ChainAnchor } from './anchor';
import { eventHash, GENESIS_HASH, withoutUndefined } from './hash';

/** A matter with its tasks (in participant order), as of `matter.version`. */
export interface MatterState {
  matter: MatterDoc;
  tasks: TaskDoc[];
}

/** A change decided on a state: the event's type and audit data, and the fields it sets. */
export interface Change {
  type: string;
  taskId?: string;
  /** Audit data: ids, digests, decisions. Never personal data. */
  data?: Record<string, unknown>;
  matter?: Partial<MatterDoc>;
  tasks?: Record<string, Partial<TaskDoc>>;
}

/** Decides the change for the current state, or null when there is nothing to do; throws to refuse. */
export type Decide = (state: MatterState) => Change | null;

const MAX_ATTEMPTS = 12;
const HOLD_MS = 10 * 60_000;
const HOLD_MAX = 5000;

const eventId = (matterId: string, seq: number) => `${matterId}:${seq}`;

/** What the ledger reads back of a stored event. */
type LedgerEvent = CommittedEvent & { hash: string; patch: { matter?: object; tasks?: object } };

/** How the rest of the system follows the ledger without the ledger knowing about it. */
export interface LedgerHooks {
  /** Fields stored beside each event (outside its hash), computed from the state after it. */
  decorate?(state: MatterState): Record<string, unknown>;
  /**
   * Called once for each event this process wrote and brought the documents up to (its writer),
   * never for one it only caught up with: what counts commits.
   */
  written?(event: CommittedEvent): void;
  /**
   * Called once an event is committed, with the event's matter id, sequence number and the fields
   * `decorate` stored beside it: by its writer as soon as the event is in (before the documents are
   * brought up to it: every read catches up with the ledger first), and by whoever catches up with
   * an event its writer left. May come more than once for one event.
   */
  committed?(event: CommittedEvent): void;
}

/** What the followers learn of a committed event. */
export type CommittedEvent = { matterId: string; seq: number } & Record<string, unknown>;

/**
 * The result of checking a matter's hash chain: whole, or the first event where it breaks. A whole
 * chain is `anchored` when every event carries its anchor; a matter begun before anchors were
 * written has an unanchored first part, which proves nothing against whoever can write the database.
 */
export type ChainCheck = { ok: true; length: number; anchored: boolean } | { ok: false; seq: number; problem: string };

/**
 * The matter ledger: every change of a matter or its tasks is an event `<matterId>:<seq>`.
 * Inserting the event commits the change — exactly one writer wins each sequence number, also on
 * FerretDB, whose conditional updates are not atomic — and the documents are then brought up to it.
 * Anyone who finds the documents behind the ledger (a writer that died between the two steps)
 * applies the missing events first, so state always converges on the ledger.
 */
export class MatterLedger {
  /**
   * The state of the matters this node read or wrote lately, as of their version: a load confirms
   * it with one read of the next event's `_id` (the commit point of any change, by any node) instead
   * of reading the matter and every task again. Kept ten minutes at most, for 5,000 matters.
   */
  private readonly held = new Map<string, { state: MatterState; at: number }>();
  /** The matter of each task of the matters held: a fact that never changes. */
  private readonly matterOf = new Map<string, string>();

  constructor(
    private readonly models: Models,
    private readonly anchor: ChainAnchor,
    private readonly hooks: LedgerHooks = {},
  ) {}

  /**
   * The first event of a new matter, built from the documents about to be inserted (the matter
   * creator inserts it before the matter document, whose insert is then the commit point).
   */
  genesis(state: MatterState, data: Record<string, unknown>) {
    const body = withoutUndefined({
      matterId: state.matter._id,
      seq: 1,
      type: 'matter.created',
      at: state.matter.createdAt,
      data,
      patch: { matter: {}, tasks: {} },
      prevHash: GENESIS_HASH,
    });
    const hash = eventHash(body);
    const settled = { ...state, matter: { ...state.matter, version: 1, lastHash: hash } };
    const anchor = this.anchor.sign({ matterId: body.matterId, seq: 1, hash });
    return {
      event: { _id: eventId(state.matter._id, 1), tenant: state.matter.tenant, ...body, hash, anchor, ...this.hooks.decorate?.(settled) },
      hash,
    };
  }

  /** Tells the followers about an event this process wrote and that is in the documents (also for changes made outside `commit`). */
  announce(event: CommittedEvent): void {
    this.hooks.written?.(event);
    this.hooks.committed?.(event);
  }

  /**
   * The matter and its tasks, caught up with the ledger; null when there is no such matter.
   * Reads by `_id` only (the matter, its tasks, the next event): the one lookup every MongoDB-wire
   * server answers from an index — the embedded FerretDB scans the whole collection for any other.
   */
  async load(matterId: string): Promise<MatterState | null> {
    const held = this.held.get(matterId);
    if (held && Date.now() - held.at < HOLD_MS && (await this.isCurrent(matterId, held.state.matter.version))) {
      return copyOf(held.state);
    }
    const state = await this.read(matterId);
    if (state)
      this.hold(state); // holds a copy: the state read is the caller's alone
    else this.held.delete(matterId);
    return state;
  }

  /**
   * Forgets what this node holds of a matter: for writers that change its documents outside the
   * ledger (the purge's scrub), so that the next load reads them.
   */
  forget(matterId: string): void {
    this.held.delete(matterId);
  }

  /**
   * The matter a task belongs to (a task never moves), from the matters this node holds or one
   * read of the task by `_id`; null for no such task.
   */
  async matterOfTask(taskId: string): Promise<string | null> {
    const known = this.matterOf.get(taskId);
    if (known) return known;
    const task = await findByIdDirect<{ matterId: string }>(this.models.Task, taskId, { matterId: 1 });
    return task?.matterId ?? null;
  }

  private hold(state: MatterState): void {
    const id = state.matter._id;
    for (const taskId of state.matter.taskIds) this.matterOf.set(taskId, id);
    if (this.matterOf.size > HOLD_MAX * 20) this.matterOf.clear();
    this.held.delete(id); // re-inserted last: the map's order is the eviction order
    this.held.set(id, { state: copyOf(state), at: Date.now() });
    if (this.held.size > HOLD_MAX) this.held.delete(this.held.keys().next().value!);
  }

  /** The matter and its tasks from the documents, after applying any events they are behind. */
  private async read(matterId: string): Promise<MatterState | null> {
    const matter = await findByIdDirect<MatterDoc>(this.models.Matter, matterId);
    if (!matter) return null;
    const [next, tasks] = await Promise.all([
      findByIdDirect<LedgerEvent>(this.models.MatterEvent, eventId(matterId, matter.version + 1)),
      Promise.all(matter.taskIds.map((id) => findByIdDirect<TaskDoc>(this.models.Task, id))),
    ]);
    if (next) {
      // A writer stopped between its event and the documents: apply what it left, then read again.
      for (
        let event: LedgerEvent | null = next;
        event;
        event = await findByIdDirect<LedgerEvent>(this.models.MatterEvent, eventId(matterId, event.seq + 1))
      ) {
        await this.apply(event);
        this.hooks.committed?.(event); // its writer's, not ours: followed, not counted
      }
      return this.read(matterId);
    }
    return { matter, tasks: tasks.filter((t): t is TaskDoc => t !== null) };
  }

  /**
   * True while `version` is the matter's newest: no event after it has been committed (one read of
   * that event's `_id`). A writer between its event and the documents counts as moved on.
   */
  async isCurrent(matterId: string, version: number): Promise<boolean> {
    return !(await findByIdDirect(this.models.MatterEvent, eventId(matterId, version + 1), { _id: 1 }));
  }

  /**
   * Decides on the current state and commits the change as the next event, retrying on a lost
   * race with a fresh state. Returns the state after the change (or as it was, for no change).
   *
   * `known`: a state the caller has just loaded (`load`), decided on first instead of reading it
   * again — the event's unique `_id` (matter and seq) still refuses it if anyone committed since,
   * and the retry reads afresh. It saves a confirmation the matter's and tasks' reads.
   */
  async commit(matterId: string, decide: Decide, known?: MatterState): Promise<{ state: MatterState; committed: boolean; seq: number }> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const fromKnown = attempt === 0 && known?.matter._id === matterId;
      const state = fromKnown ? known : await this.load(matterId);
      if (!state) throw notFound();
      let change: ReturnType<Decide>;
      try {
        change = decide(state);
      } catch (err) {
        if (fromKnown) continue; // perhaps only stale: decide again on what is there now
        throw err;
      }
      // Nothing to do, as far as a state read earlier shows: make sure on the current one.
      if (!change && fromKnown) continue;
      if (!change) return { state, committed: false, seq: state.matter.version };

      const seq = state.matter.version + 1;
      const body = withoutUndefined({
        matterId,
        seq,
        type: change.type,
        at: new Date(),
        taskId: change.taskId ?? undefined,
        data: change.data ?? {},
        patch: { matter: change.matter ?? {}, tasks: change.tasks ?? {} },
        prevHash: state.matter.lastHash,
      });
      const hash = eventHash(body);
      const anchor = this.anchor.sign({ matterId, seq, hash });
      const after = applyToState(state, { seq, hash, patch: body.patch });
      const event = { _id: eventId(matterId, seq), tenant: state.matter.tenant, ...body, hash, anchor, ...this.hooks.decorate?.(after) };
      try {
        await insertDirect(this.models.MatterEvent, event);
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
        await sleep(2 + Math.random() * 8 * (attempt + 1)); // someone else committed this seq: decide again
        continue;
      }
      // Committed: followers hear of it at once (the view stored with the event is what they tell),
      // while the documents are brought up to it — whoever reads meanwhile catches up first.
      this.hooks.committed?.(event);
      await this.apply(event);
      this.hold(after);
      this.hooks.written?.(event);
      return { state: after, committed: true, seq };
    }
    throw new AppError('concurrent_update');
  }

  /**
   * Checks the audit trail of a matter: sequence numbers without gaps from 1, each event linked to
   * the hash of the one before, each hash matching the event's content, each anchor matching its
   * event's head, and the chain reaching the head the matter names (its `version` and `lastHash`),
   * so that a removed last event shows.
   *
   * Anchors start with the first event written by a node that makes them, and from there every
   * event must carry one: a rewritten event cannot get a matching anchor without the key, and an
   * event without one after an anchored event is how dropping the spoilt anchors looks. That rule is
   * also why a later commit cannot launder a rewrite: it anchors its own event only.
   */
  async verifyChain(matterId: string): Promise<ChainCheck> {
    // The matter before its events: its version grows only once its event is in, so every event up
    // to the version read must be found; events after it are commits still being applied.
    const matter = await this.models.Matter.findById(matterId).lean<MatterDoc>();
    const events = await this.models.MatterEvent.find({ matterId }).sort({ seq: 1 }).lean();
    let prev = GENESIS_HASH;
    let anchoredFrom: number | null = null;
    for (const [i, e] of events.entries()) {
      if (e.seq !== i + 1) return { ok: false, seq: i + 1, problem: 'missing event' };
      if (e.prevHash !== prev) return { ok: false, seq: e.seq, problem: 'broken link' };
      const { matterId: m, seq, type, at, taskId, data, patch, prevHash } = e;
      if (eventHash({ matterId: m, seq, type, at, taskId: taskId ?? undefined, data, patch, prevHash }) !== e.hash) {
        return { ok: false, seq: e.seq, problem: 'content does not match its hash' };
      }
      if (e.anchor) {
        const check = this.anchor.check({ matterId: m, seq, hash: e.hash }, e.anchor);
        if (check === 'other key') return { ok: false, seq: e.seq, problem: 'anchored with another key' };
        if (check !== 'valid') return { ok: false, seq: e.seq, problem: 'anchor does not match' };
        anchoredFrom ??= e.seq;
      } else if (anchoredFrom !== null) {
        return { ok: false, seq: e.seq, problem: 'event not anchored' };
      }
      prev = e.hash;
    }
    if (matter) {
      const head = events[matter.version - 1];
      if (!head) return { ok: false, seq: events.length + 1, problem: 'missing event' };
      if (head.hash !== matter.lastHash) return { ok: false, seq: matter.version, problem: 'head does not match the matter' };
    }
    return { ok: true, length: events.length, anchored: anchoredFrom === 1 };
  }

  /**
   * Brings one task back up to the ledger after a write outside it (the rekey's) that may have
   * overwritten, on FerretDB, a change applied at that same moment: the patches of every event after
   * `seq` (the task's `seq` that writer had read) that name the task are set again, merged in order.
   * Changes the task only where it is behind its own events.
   */
  async restoreTask(matterId: string, taskId: string, seq: number): Promise<void> {
    let merged: Record<string, unknown> = {};
    let last = 0;
    for (let s = seq + 1; ; s++) {
      const event = await this.models.MatterEvent.findById(eventId(matterId, s), { patch: 1, seq: 1 }).lean<LedgerEvent>();
      if (!event) break;
      const set = (event.patch.tasks as Record<string, object> | undefined)?.[taskId];
      if (set) {
        merged = { ...merged, ...set };
        last = s;
      }
    }
    if (last > 0) await guardedUpdate(this.models.Task, taskId, { seq: { $lt: last + 1 } }, { $set: { ...merged, seq: last } });
  }

  /** Brings the documents up to one event. Idempotent: every write is an absolute `$set`. */
  private async apply(event: LedgerEvent): Promise<void> {
    const taskPatches = Object.entries((event.patch.tasks ?? {}) as Record<string, object>);
    await Promise.all(
      taskPatches.map(([taskId, set]) =>
        guardedUpdate(this.models.Task, taskId, { seq: { $lt: event.seq } }, { $set: { ...set, seq: event.seq } }),
      ),
    );
    await guardedUpdate(
      this.models.Matter,
      event.matterId,
      { version: { $lt: event.seq } },
      { $set: { ...(event.patch.matter ?? {}), version: event.seq, lastHash: event.hash } },
    );
  }
}

function applyToState(state: MatterState, event: { seq: number; hash: string; patch: { matter: object; tasks: object } }): MatterState {
  const tasks = event.patch.tasks as Record<string, Partial<TaskDoc>>;
  return {
    matter: { ...state.matter, ...(event.patch.matter as Partial<MatterDoc>), version: event.seq, lastHash: event.hash },
    tasks: state.tasks.map((t) => (tasks[t._id] ? { ...t, ...tasks[t._id], seq: event.seq } : t)),
  };
}

/**
 * A deep copy of stored values (objects, arrays, dates): what the ledger holds is never shared
 * with a caller, who may change what it was given. Dates stay dates of this realm.
 */
function copyOf<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(copyOf) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = copyOf(v);
  return out as T;
}
