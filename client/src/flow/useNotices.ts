import { useEffect, useState } from 'react';
import type { ConsentResponse } from '@regverify/shared';
import { readConsent } from '../services/mp';
import type { NoticeKind } from '../store';

export type Notice = ConsentResponse['documents'][number];

let loading: Promise<ConsentResponse> | null = null;

/** The server's consent documents, read once per launch (and again after a failure). */
function consentDocuments(): Promise<ConsentResponse> {
  loading ??= readConsent().catch((err) => {
    loading = null;
    throw err;
  });
  return loading;
}

/** Forgets the documents read, so that a refused (outdated) version is read afresh. */
export const forgetNotices = () => {
  loading = null;
};

/** One separate notice (人脸信息处理告知, 银行卡信息处理告知) as the server has it now; null while loading. */
export function useNotice(kind: NoticeKind): { notice: Notice | null; failed: boolean; retry(): void } {
  const [notice, setNotice] = useState<Notice | null>(null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setFailed(false);
    consentDocuments().then(
      (c) => live && setNotice(c.documents.find((d) => d.kind === kind) ?? null),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [kind, attempt]);
  return { notice, failed, retry: () => setAttempt((n) => n + 1) };
}
