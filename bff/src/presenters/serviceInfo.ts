import { platformsFaqAnswer, type ServiceInfoResponse } from '@regverify/shared';
import type { RuntimeConfig } from '../../../config/runtime';

/** What the mini-program shows that depends on this deployment's configuration. */
export const presentServiceInfo = (
  config: Pick<RuntimeConfig, 'livePlatforms' | 'PUBLIC_URL' | 'SUPPORT_QR_URL' | 'SUPPORT_QR_FILE'>,
): ServiceInfoResponse => ({
  platforms: config.livePlatforms,
  platformsFaqAnswer: platformsFaqAnswer(config.livePlatforms),
  supportQrUrl: config.SUPPORT_QR_URL ?? `${config.PUBLIC_URL.replace(/\/$/, '')}/support/qr.png`,
  supportQrPlaceholder: !config.SUPPORT_QR_URL && !config.SUPPORT_QR_FILE,
});
