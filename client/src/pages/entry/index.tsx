import { useEffect, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import type { IdType } from '@regverify/shared';
import { normalizeIdNumber } from '@regverify/shared/idDocuments';
import { PersonNameSchema } from '@regverify/shared/mini';
import { miniErrorMessage as errorMessage } from '@regverify/shared/errorWords';
import { entryMatterId } from '../../flow/entryMatter';
import { Page } from '../../components/Page';
import { StepIndicator } from '../../components/StepIndicator';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ElderToggle } from '../../components/ElderToggle';
import { useAppState } from '../../store';
import { platform } from '../../platform';
import { prefill, readConsent, saveIdentity } from '../../services/mp';
import { ApiError, asApiError } from '../../services/apiError';
import { openPage } from '../../navigation';
import { IdTypePicker } from './IdTypePicker';
import { IdNumberField, idNumberProblem } from './IdNumberField';
import { ConsentNotice, consentGiven } from './ConsentNotice';
import { a11y } from '../../components/a11y';

import './index.scss';

const nameProblem = (name: string) => {
  const parsed = PersonNameSchema.safeParse(name);
  return parsed.success ? null : parsed.error.issues[0].message;
};

/** 用户信息录入: who the person is, their consent, then 【查看待办事项】. */
export default function Entry() {
  const router = useRouter();
  const app = useAppState();
  // Coming back from a later step (暂不认证) shows what was typed in this run; nothing is stored.
  const [name, setName] = useState(app.identity?.name ?? '');
  const [idType, setIdType] = useState<IdType | null>(app.identity?.idType ?? null);
  const [idNumber, setIdNumber] = useState(app.identity?.idNumber ?? '');
  const [consent, setConsent] = useState(false);
  const [notice, setNotice] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [hint, setHint] = useState<string | null>(null);

  // The version of 《个人信息处理规则》 the consent tick agrees to: the server's, read afresh.
  const [consentVersion, setConsentVersion] = useState<string | null>(null);
  useEffect(() => {
    readConsent().then(
      (c) => setConsentVersion(c.version),
      () => setConsentVersion(null), // asked again on submit
    );
  }, []);

  const { setEntryMatterId } = app;
  const matterId = entryMatterId(router.params);
  useEffect(() => {
    // The codes of a filing open this page with its matter (Alipay and H5: `matterId`; WeChat: its
    // code's `scene`); the to-do list opens it directly.
    if (matterId) setEntryMatterId(matterId);
  }, [matterId, setEntryMatterId]);

  const runPrefill = async () => {
    setHint(null);
    setError(null);
    try {
      const authCode = await platform.prefillAuthCode();
      if (!authCode) {
        setHint(errorMessage('prefill_unavailable'));
        return;
      }
      const found = await prefill(authCode);
      setName(found.name);
      setIdNumber(found.idNumber);
    } catch (err) {
      const e = asApiError(err);
      // Prefill is a convenience: when it is not available, typing is the normal path.
      if (e.code === 'prefill_unavailable') setHint(e.message);
      else setError(e);
    }
  };

  const submit = async () => {
    setAttempted(true);
    setError(null);
    if (nameProblem(name) || !idType || idNumberProblem(idType, idNumber)) return;
    setBusy(true);
    try {
      const identity = { name: name.trim(), idType, idNumber: normalizeIdNumber(idNumber) };
      const version = consentVersion ?? (await readConsent()).version;
      setConsentVersion(version);
      const saved = await saveIdentity(identity, version);
      app.setIdentity(identity, saved.needsBankCard);
      await openPage(saved.needsBankCard ? 'bankcard' : 'verify');
    } catch (err) {
      const e = asApiError(err);
      if (e.code === 'consent_version_mismatch') {
        // The rules changed while the page was open: the person reads and agrees again.
        setConsent(false);
        setConsentVersion(null);
      }
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const shownNameProblem = attempted ? nameProblem(name) : null;
  const canSubmit = consentGiven(idType, consent, notice) && !busy;
  return (
    <Page className="entry">
      <View className="entry__top">
        <ElderToggle />
      </View>
      <View className="entry__header">
        <Text className="entry__authority">国家市场监督管理总局</Text>
        <Text className="entry__authority-en">State Administration for Market Regulation</Text>
        <Text className="entry__title">登记注册身份验证</Text>
      </View>

      <StepIndicator current="填写信息" />

      <View className="entry__form">
        <View className="entry__row">
          <Text className="entry__label">姓名</Text>
          <Input
            className="entry__input text-input"
            value={name}
            maxlength={64}
            placeholder="请填写姓名"
            {...a11y('姓名')}
            onInput={(e) => setName(e.detail.value)}
          />
        </View>
        {shownNameProblem ? (
          <View role="alert">
            <Text className="field-error">{shownNameProblem}</Text>
          </View>
        ) : null}
        <IdTypePicker value={idType} onChange={setIdType} />
        {attempted && !idType ? (
          <View role="alert">
            <Text className="field-error">请选择证件类型</Text>
          </View>
        ) : null}
        <IdNumberField idType={idType} value={idNumber} onChange={setIdNumber} showErrors={attempted} />
      </View>

      {/* WeChat never shares ID numbers with mini-programs, so the action would always fail there. */}
      {idType === 'resident_id' && platform.name !== 'weapp' ? (
        <Button className="btn btn--plain" {...a11y('一键带出姓名和证件号码')} onClick={runPrefill}>
          一键带出
        </Button>
      ) : null}
      {hint ? <Text className="entry__hint muted">{hint}</Text> : null}

      <ConsentNotice idType={idType} consent={consent} notice={notice} onConsent={setConsent} onNotice={setNotice} />

      <ErrorNotice error={error} onRetry={submit} />

      <Button
        className={`btn btn--primary ${canSubmit ? '' : 'btn--disabled'}`}
        {...a11y('查看待办事项')}
        disabled={!canSubmit}
        loading={busy}
        onClick={submit}
      >
        查看待办事项
      </Button>

      <View className="entry__support">
        <Text>如有其他问题请点击此获得</Text>
        <View className="link" role="link" {...a11y('技术支持')} onClick={() => openPage('support')}>
          <Text>技术支持</Text>
        </View>
      </View>
    </Page>
  );
}
