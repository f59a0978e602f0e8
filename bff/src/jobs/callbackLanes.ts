export interface CallbackLanesOptions {
  /** Matters of one tenant delivered at once. */
  concurrency: number;
  /** Matters one tenant may have waiting; more stay in the outbox for a later scan. */
  capacity: number;
  /** Delivers the due events of a matter from `seq`; resolves to how many it settled or attempted. */
  drain(tenant: string, matterId: string, seq: number): Promise<number>;
  /** A drain that threw (it counts as having handled nothing). */
  failed(err: unknown): void;
}

export interface CallbackLanes {
  /**
   * Queues a drain of the matter from `seq` in its tenant's lane (joining one already waiting, or
   * following the one running); resolves to what that drain handled, or is null when the lane is full.
   */
  enqueue(tenant: string, matterId: string, seq: number): Promise<number> | null;
  /** The drain of this matter waiting or running now, if there is one. */
  current(matterId: string): Promise<number> | null;
  /** Matters waiting or running in any lane. */
  matters(): string[];
  /** Tenants whose lane is full. */
  full(): string[];
  /** Starts nothing more, waits for the drains running and resolves the waiting ones to 0. */
  close(): Promise<void>;
}

interface Job {
  seq: number;
  done: Promise<number>;
  settle(handled: number): void;
}
interface Lane {
  waiting: Map<string, Job>;
  /** The job running for a matter, and the one to run after it (a change committed meanwhile). */
  running: Map<string, { job: Job; next: Job | null }>;
}

const newJob = (seq: number): Job => {
  let settle!: (handled: number) => void;
  const done = new Promise<number>((resolve) => (settle = resolve));
  return { seq, done, settle };
};

/**
 * One queue per tenant, each with its own few workers: the matters of a tenant whose endpoint is
 * slow wait behind each other, never in front of another tenant's. A matter is in one lane at a
 * time and drained by one worker at a time, so its events still go one after the other.
 */
export function createCallbackLanes(options: CallbackLanesOptions): CallbackLanes {
  const { concurrency, capacity } = options;
  const lanes = new Map<string, Lane>();
  const laneOf = new Map<string, string>();
  const inFlight = new Set<Promise<void>>();
  let closed = false;

  const pump = (tenant: string, lane: Lane) => {
    while (!closed && lane.running.size < concurrency && lane.waiting.size > 0) {
      const [matterId, job] = lane.waiting.entries().next().value as [string, Job];
      lane.waiting.delete(matterId);
      lane.running.set(matterId, { job, next: null });
      const run = options
        .drain(tenant, matterId, job.seq)
        .catch((err: unknown) => {
          options.failed(err);
          return 0;
        })
        .then((handled) => {
          job.settle(handled);
          const next = lane.running.get(matterId)?.next;
          lane.running.delete(matterId);
          // At the back of the lane: the tenant's other matters go first.
          if (next) lane.waiting.set(matterId, next);
          else laneOf.delete(matterId);
          pump(tenant, lane);
          if (lane.running.size === 0 && lane.waiting.size === 0 && lanes.get(tenant) === lane) lanes.delete(tenant);
        });
      inFlight.add(run);
      void run.finally(() => inFlight.delete(run));
    }
  };

  return {
    enqueue: (tenant, matterId, seq) => {
      if (closed) return null;
      let lane = lanes.get(tenant);
      if (!lane) lanes.set(tenant, (lane = { waiting: new Map(), running: new Map() }));
      const running = lane.running.get(matterId);
      if (running) {
        if (running.next) running.next.seq = Math.min(running.next.seq, seq);
        else running.next = newJob(seq);
        return running.next.done;
      }
      const waiting = lane.waiting.get(matterId);
      if (waiting) {
        waiting.seq = Math.min(waiting.seq, seq);
        return waiting.done;
      }
      if (lane.waiting.size >= capacity) return null;
      const job = newJob(seq);
      lane.waiting.set(matterId, job);
      laneOf.set(matterId, tenant);
      pump(tenant, lane);
      return job.done;
    },
    current: (matterId) => {
      const lane = lanes.get(laneOf.get(matterId) ?? '');
      return (lane?.running.get(matterId)?.job ?? lane?.waiting.get(matterId))?.done ?? null;
    },
    matters: () => [...laneOf.keys()],
    full: () => [...lanes].filter(([, lane]) => lane.waiting.size >= capacity).map(([tenant]) => tenant),
    close: async () => {
      closed = true;
      while (inFlight.size > 0) await Promise.all(inFlight);
      for (const lane of lanes.values()) {
        for (const job of lane.waiting.values()) job.settle(0);
        for (const { job, next } of lane.running.values()) {
          job.settle(0);
          next?.settle(0);
        }
      }
      lanes.clear();
      laneOf.clear();
    },
  };
}
