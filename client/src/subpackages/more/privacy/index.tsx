import { useCallback, useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { ConsentResponse } from '@regverify/shared';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Page } from '../../../components/Page';
import { asApiError, type ApiError } from '../../../services/apiError';
import { readConsent } from '../../../services/mp';

/**
 * 个人信息处理规则: what is collected, why, how it is protected, how long it is kept, the person's
 * rights — the server's text (the version the consent on 用户信息录入 agrees to), so a new text
 * needs no new release of the mini-program.
 */
export default function Privacy() {
  const [rules, setRules] = useState<ConsentResponse | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const load = useCallback(async () => {
    setError(null);
    try {
      setRules(await readConsent());
    } catch (err) {
      setError(asApiError(err));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Page className="privacy">
      <Text className="privacy__title">{rules?.title ?? '个人信息处理规则'}</Text>
      <ErrorNotice error={error} onRetry={load} />
      {!rules && !error ? <Text className="muted">正在加载…</Text> : null}
      {rules?.sections.map((section) => (
        <View key={section.title} className="card">
          <Text className="card__title">{section.title}</Text>
          {section.paragraphs.map((p) => (
            <Text key={p} className="privacy__paragraph">
              {p}
            </Text>
          ))}
        </View>
      ))}
      {rules ? <Text className="muted privacy__version">版本 {rules.version}</Text> : null}
    </Page>
  );
}
