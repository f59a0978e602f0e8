import type { Connection } from 'mongoose';
import type { Platform } from '@regverify/shared';
import type { RuntimeConfig } from '../../config/runtime';
import { LIFETIMES } from './domain/lifetimes';
import { MatterLedger } from './ledger/ledger';
import type { Logger } from './logger';
import { createModels, type Models } from './models';
import type { BankCardProvider } from './providers/bankCard';
import type { IdentityProvider, LoginProvider, PrefillProvider } from './providers/identity';
import { createProviders } from './providers/registry';
import { createVault, type PersonalDataVault } from './security/personalData';
import { createViewerTokens, type ViewerTokens } from './security/viewerTokens';

/** Everything commands and routes use, built once at boot from the configuration. */
export interface Services {
  config: RuntimeConfig;
  logger: Logger;
  models: Models;
  ledger: MatterLedger;
  vault: PersonalDataVault;
  identity: IdentityProvider;
  /** Login per mini-program platform; null where the configured providers cannot log that platform in. */
  logins: Record<Platform, LoginProvider | null>;
  prefill: PrefillProvider | null;
  bankCard: BankCardProvider;
  viewerTokens: ViewerTokens;
  now(): Date;
}

export function createServices(deps: { config: RuntimeConfig; logger: Logger; db: Connection; now?: () => Date }): Services {
  const models = createModels(deps.db);
  const now = deps.now ?? (() => new Date());
  return {
    config: deps.config,
    logger: deps.logger,
    models,
    ledger: new MatterLedger(models),
    vault: createVault(deps.config.DATA_KEY, deps.config.LOOKUP_KEY),
    ...createProviders(deps.config, models),
    viewerTokens: createViewerTokens(deps.config.TOKEN_SECRET, LIFETIMES.viewerTokenS, now),
    now,
  };
}
