import type { ConsentResponse } from '@regverify/shared';
import { CONSENT_SECTIONS, CONSENT_SHA256, CONSENT_TITLE, CONSENT_VERSION } from '../domain/consent';

/** The current 《个人信息处理规则》 as the mini-program shows it. */
export const presentConsent = (): ConsentResponse => ({
  version: CONSENT_VERSION,
  title: CONSENT_TITLE,
  sections: CONSENT_SECTIONS.map((s) => ({ title: s.title, paragraphs: [...s.paragraphs] })),
  sha256: CONSENT_SHA256,
});
