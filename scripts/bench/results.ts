/** What one run of the bench measured, row by row: written to .data/bench-results.json, read by the report. */
import type { Summary } from './env';
import type { BrowserResult } from './browser';
import type { CrossNodeResult } from './crossNode';
import type { ProfileSummary } from './profile';
import type { RoundTripResult } from './roundTrips';
import type { ConsoleSize, PlatformSize } from './size';
import type { StormResult } from './storm';
import type { ThroughputLevel } from './throughput';
import type { UnlockResult } from './unlock';

export interface BenchResults {
  command: string;
  env: Record<string, string>;
  startedAt: string;
  seconds?: number;
  machine: { cpus: number; cpuModel: string; memGiB: number; node: string; os: string; fdLimit: string; commit: string };
  database: string;
  size?: PlatformSize[];
  /** the service-window console's scripts (dist/bff/public/console) */
  console?: ConsoleSize;
  coldStart?: { boots: number[]; summary: Summary };
  /** The same boots from the TypeScript source through tsx (development), for comparison. */
  coldStartTsx?: { boots: number[]; summary: Summary };
  /** the database round trips of one flow, step by step */
  roundTrips?: RoundTripResult;
  unlock?: UnlockResult;
  storm?: StormResult;
  browser?: BrowserResult;
  throughputOne?: ThroughputLevel[];
  /** V8 CPU profile of the one-node throughput BFF over its whole run */
  bffProfile?: ProfileSummary;
  /** two nodes and Redis: confirm on one, the page's socket on the other */
  crossNode?: CrossNodeResult;
  throughputTwo?: ThroughputLevel[];
  skipped: string[];
  /** BENCH_BASELINE: the same rows for that commit, measured side by side in this run. */
  baseline?: { ref: string; results: BenchResults };
}
