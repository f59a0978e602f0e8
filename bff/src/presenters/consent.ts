import type { ConsentResponse } from '@regverify/shared';
import {
  CONSENT_NOTICES,
  CONSENT_SECTIONS,
  CONSENT_SHA256,
  CONSENT_TITLE,
  CONSENT_VERSION,
  noticeSha256,
  noticeText,
} from '../domain/consent';

const sections = CONSENT_SECTIONS.map((s) => ({ title: s.title, paragraphs: [...s.paragraphs] }));

/** The current 《个人信息处理规则》 as the mini-program shows it, and every notice consented to on its own. */
export const presentConsent = (): ConsentResponse => ({
  version: CONSENT_VERSION,
  title: CONSENT_TITLE,
  sections,
  sha256: CONSENT_SHA256,
  documents: [
    {
      kind: 'rules',
      version: CONSENT_VERSION,
      title: `《${CONSENT_TITLE}》`,
      text: CONSENT_SECTIONS.map((s) => [s.title, ...s.paragraphs].join('\n\n')).join('\n\n'),
      sha256: CONSENT_SHA256,
    },
    ...Object.values(CONSENT_NOTICES).map((n) => ({
      kind: n.kind,
      version: n.version,
      title: n.title,
      text: noticeText(n),
      sha256: noticeSha256(n),
    })),
  ],
});
