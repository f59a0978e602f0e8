import { EventEmitter } from 'node:events';
import type { Connection } from 'mongoose';
import type { IdType, MatterView } from '@regverify/shared';
import type { RuntimeConfig } from '../../config/runtime';
import { outboxBacklog } from './callbacks/outbox';
import { isDatabaseConnected, pingDatabase } from './db/connection';
import { LIFETIMES } from './domain/lifetimes';
import { createChainAnchor } from './ledger/anchor';
import { MatterLedger } from './ledger/ledger';
import { presentMatter } from './presenters/matter';
import type { Logger } from './logger';
import { createMetrics, type Metrics } from './metrics/metrics';
import { createModels, type Models } from './models';
import { DocumentFiles } from './models/documentFiles';
import type { BankCardProvider } from './providers/bankCard';
import { createProviders, type Providers } from './providers/registry';
import { systemResolve, type Resolve } from './security/callbackTarget';
import { createVault, type PersonalDataVault } from './security/personalData';
import { createRateLimits, type RateLimitRedis, type RateLimits } from './security/rateLimits';
import { createViewerTokens, type ViewerTokens } from './security/viewerTokens';

/** Everything commands and routes use, built once at boot from the configuration. */
export interface Services {
  config: RuntimeConfig;
  logger: Logger;
  models: Models;
  ledger: MatterLedger;
  vault: PersonalDataVault;
  /** The contents of matters' documents (PDFs), sealed, in a GridFS bucket. */
  documentFiles: DocumentFiles;
  /** What serves each live mini-program platform's people: login, face check, prefill, account-owner check. */
  platforms: Providers['platforms'];
  /** Every face-check provider by name: a verification is always completed by the one that started it. */
  identities: Providers['identities'];
  /** True when some live platform can face-check this document type (else: a service window). */
  faceCheckable(idType: IdType): boolean;
  bankCard: BankCardProvider;
  viewerTokens: ViewerTokens;
  /** Resolves host names (callback targets); dns.lookup unless a test gives its own. */
  resolve: Resolve;
  /** Per-address, per-session, per-person and per-tenant limits; shared across nodes with Redis. */
  rateLimits: RateLimits;
  /**
   * Emits `committed(matterId, seq, view)` for every change the moment its event is in the ledger,
   * with the view as of that change (stored with its event): live pushes and callbacks follow it.
   */
  changes: EventEmitter<Changes>;
  /** The Prometheus registry of these services: the HTTP edge, live pushes, the ledger, vendors and limits record into it. */
  metrics: Metrics;
  now(): Date;
}

export type Changes = { committed: [matterId: string, seq: number, view: MatterView] };

export function createServices(deps: {
  config: RuntimeConfig;
  logger: Logger;
  db: Connection;
  now?: () => Date;
  redis?: RateLimitRedis;
}): Services {
  const models = createModels(deps.db);
  const now = deps.now ?? (() => new Date());
  const changes = new EventEmitter<Changes>();
  changes.setMaxListeners(50);
  const metrics = createMetrics({
    callbackOutbox: async () => {
      if (!isDatabaseConnected(deps.db)) throw new Error('database unavailable');
      return outboxBacklog(models);
    },
    readiness: async () => ({ database: await pingDatabase(deps.db), ...(deps.redis ? { redis: deps.redis.isReady } : {}) }),
    now,
  });
  const ledger = new MatterLedger(models, createChainAnchor(deps.config.AUDIT_ANCHOR_KEY), {
    decorate: (state) => ({ view: presentMatter(state), outbox: { status: 'pending', attempts: 0, nextAttemptAt: now() } }),
    written: (event) => metrics.ledgerCommitted(String(event.type)),
    committed: (event) => changes.emit('committed', event.matterId, event.seq, event.view as MatterView),
  });
  const providers = createProviders(deps.config, models, metrics);
  const vault = createVault(
    deps.config.dataKeys.map((k) => ({ id: k.id, key: Buffer.from(k.base64, 'base64') })),
    deps.config.LOOKUP_KEY,
    deps.config.LOOKUP_KEY_PREVIOUS,
  );
  return {
    config: deps.config,
    logger: deps.logger,
    models,
    ledger,
    changes,
    vault,
    documentFiles: new DocumentFiles(deps.db, vault),
    ...providers,
    faceCheckable: (idType) => Object.values(providers.platforms).some((p) => p.identity.supports(idType)),
    viewerTokens: createViewerTokens(deps.config.TOKEN_SECRET, LIFETIMES.viewerTokenS, now),
    rateLimits: createRateLimits(deps.config, deps.redis, deps.logger, metrics),
    resolve: systemResolve,
    metrics,
    now,
  };
}
