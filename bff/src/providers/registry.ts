import type { RuntimeConfig } from '../../../config/runtime';
import type { Models } from '../models';
import type { BankCardProvider } from './bankCard';
import type { IdentityProvider, LoginProvider, PrefillProvider } from './identity';
import { createSandboxIdentityProvider } from './sandbox/identity';
import { createSandboxLoginProvider } from './sandbox/login';
import { createSandboxBankCardProvider } from './bankcard/sandbox';

/** Picks the adapters the configuration names. */
export function createProviders(config: RuntimeConfig, models: Models): {
  identity: IdentityProvider;
  logins: { alipay: LoginProvider | null; weapp: LoginProvider | null; h5: LoginProvider | null };
  prefill: PrefillProvider | null;
  bankCard: BankCardProvider;
} {
  const bankCard = createSandboxBankCardProvider();
  switch (config.IDENTITY_PROVIDER) {
    case 'sandbox':
    default:
      return {
        identity: createSandboxIdentityProvider(models.SandboxOutcome),
        logins: { alipay: createSandboxLoginProvider('alipay'), weapp: createSandboxLoginProvider('weapp'), h5: createSandboxLoginProvider('h5') },
        prefill: null,
        bankCard,
      };
  }
}
