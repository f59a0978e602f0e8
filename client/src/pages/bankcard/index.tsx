import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { BankCardCheckRequestSchema } from '@regverify/shared/mini';
import { Page } from '../../components/Page';
import { StepIndicator } from '../../components/StepIndicator';
import { ErrorNotice } from '../../components/ErrorNotice';
import { NoticeConsent, useNoticeConsent } from '../../components/NoticeConsent';
import { forgetNotices } from '../../flow/useNotices';
import { useWindowChoice } from '../../flow/useWindowChoice';
import { useAppState } from '../../store';
import { checkBankCard } from '../../services/mp';
import { asApiError, type ApiError } from '../../services/apiError';
import { replacePage } from '../../navigation';
import { a11y } from '../../components/a11y';

import './index.scss';

/**
 * 本人银行卡信息核验 — resident ID holders only, before their face check (注意事项), after its own
 * notice and tick (《银行卡信息处理告知》); 【到登记窗口核验】 for anyone who would rather not.
 */
export default function BankCard() {
  const consentVersion = useNoticeConsent('bankcard');
  const { setNoticeConsent } = useAppState();
  const atWindow = useWindowChoice();
  const [cardNumber, setCardNumber] = useState('');
  const [phone, setPhone] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setError(null);
    if (!consentVersion) {
      setProblem('请先阅读并勾选同意《银行卡信息处理告知》');
      return;
    }
    // The shared request schema gives the Luhn check and its wording; the server repeats it.
    const parsed = BankCardCheckRequestSchema.safeParse({ cardNumber, ...(phone ? { phone: phone.trim() } : {}) });
    if (!parsed.success) {
      setProblem(parsed.error.issues[0].message);
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      const result = await checkBankCard(parsed.data.cardNumber, parsed.data.phone, consentVersion);
      if (result.passed) await replacePage('verify');
      else setProblem(result.reason || '银行卡信息核验未通过，请核对后重试');
    } catch (err) {
      const e = asApiError(err);
      if (e.code === 'consent_version_mismatch') {
        // The notice changed: read the new one and tick again.
        forgetNotices();
        setNoticeConsent('bankcard', null);
      }
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page className="bankcard">
      <StepIndicator current="填写信息" />
      <View className="card">
        <Text className="card__title">本人银行卡信息核验</Text>
        <Text className="muted">为提高认证安全等级，使用自然人身份证进行核验的，需通过本人人像信息核验及本人银行卡信息核验。</Text>
      </View>
      <View className="card bankcard__form">
        <View className="bankcard__row">
          <Text className="bankcard__label">银行卡号</Text>
          <Input
            className="bankcard__input text-input"
            type="number"
            maxlength={23}
            value={cardNumber}
            placeholder="请填写本人银行卡号"
            {...a11y('银行卡号')}
            onInput={(e) => setCardNumber(e.detail.value)}
          />
        </View>
        <View className="bankcard__row">
          <Text className="bankcard__label">手机号码</Text>
          <Input
            className="bankcard__input text-input"
            type="number"
            maxlength={11}
            value={phone}
            placeholder="选填，银行预留手机号"
            {...a11y('手机号码（选填）')}
            onInput={(e) => setPhone(e.detail.value)}
          />
        </View>
      </View>
      <NoticeConsent kind="bankcard" />
      {problem ? (
        <View role="alert">
          <Text className="field-error">{problem}</Text>
        </View>
      ) : null}
      <ErrorNotice error={error ?? atWindow.error} onRetry={submit} />
      <Button
        className={`btn btn--primary ${consentVersion ? '' : 'btn--disabled'}`}
        {...a11y('核验银行卡')}
        loading={busy}
        disabled={busy || !consentVersion}
        onClick={submit}
      >
        核验银行卡
      </Button>
      <Button
        className="btn btn--plain"
        {...a11y('到登记窗口核验')}
        loading={atWindow.busy}
        disabled={atWindow.busy}
        onClick={atWindow.choose}
      >
        到登记窗口核验
      </Button>
    </Page>
  );
}
