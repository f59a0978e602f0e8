import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { BankCardCheckRequestSchema } from '@regverify/shared';
import { Page } from '../../components/Page';
import { StepIndicator } from '../../components/StepIndicator';
import { ErrorNotice } from '../../components/ErrorNotice';
import { checkBankCard } from '../../services/mp';
import { asApiError, type ApiError } from '../../services/apiError';
import { replacePage } from '../../navigation';
import { a11y } from '../../components/a11y';

import './index.scss';

/** 本人银行卡信息核验 — resident ID holders only, before their face check (注意事项). */
export default function BankCard() {
  const [cardNumber, setCardNumber] = useState('');
  const [phone, setPhone] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setError(null);
    // The shared request schema gives the Luhn check and its wording; the server repeats it.
    const parsed = BankCardCheckRequestSchema.safeParse({ cardNumber, ...(phone ? { phone: phone.trim() } : {}) });
    if (!parsed.success) {
      setProblem(parsed.error.issues[0].message);
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      const result = await checkBankCard(parsed.data.cardNumber, parsed.data.phone);
      if (result.passed) await replacePage('verify');
      else setProblem(result.reason || '银行卡信息核验未通过，请核对后重试');
    } catch (err) {
      setError(asApiError(err));
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
      {problem ? (
        <View role="alert">
          <Text className="field-error">{problem}</Text>
        </View>
      ) : null}
      <ErrorNotice error={error} onRetry={submit} />
      <Button className="btn btn--primary" {...a11y('核验银行卡')} loading={busy} disabled={busy} onClick={submit}>
        核验银行卡
      </Button>
    </Page>
  );
}
