import { Text, View } from '@tarojs/components';
import type { IdType } from '@regverify/shared';
import { Tick } from '../../components/Tick';
import { openPage } from '../../navigation';

/** The 注意事项 of the manual; only resident ID holders also prove a bank card (FAQ 6). */
export const RESIDENT_NOTICE = '为提高认证安全等级，使用自然人身份证进行核验的，需通过本人人像信息核验及本人银行卡信息核验。';

function RulesLink() {
  return (
    <Text
      className="entry__rules-link"
      onClick={(e) => {
        // A tap on the link opens the rules; it must not also tick the consent.
        e.stopPropagation();
        openPage('privacy');
      }}
    >
      《个人信息处理规则》
    </Text>
  );
}

/** The consent line (verbatim) and, for 居民身份证, the 注意事项; both must be ticked before going on. */
export function ConsentNotice({
  idType,
  consent,
  notice,
  onConsent,
  onNotice,
}: {
  idType: IdType | null;
  consent: boolean;
  notice: boolean;
  onConsent(v: boolean): void;
  onNotice(v: boolean): void;
}) {
  return (
    <View className="entry__consent">
      {idType === 'resident_id' ? (
        <Tick checked={notice} onChange={onNotice} label="注意事项：需通过本人人像信息核验及本人银行卡信息核验">
          <Text>{RESIDENT_NOTICE}</Text>
        </Tick>
      ) : null}
      <Tick checked={consent} onChange={onConsent} label="同意《个人信息处理规则》">
        <Text>您知悉并同意服务提供者授权按照</Text>
        <RulesLink />
        <Text>实施个人信息处理并用于身份核验，详见</Text>
        <RulesLink />
      </Tick>
    </View>
  );
}

/** Whether 【查看待办事项】 may be pressed: consent always, the 注意事项 for 居民身份证. */
export const consentGiven = (idType: IdType | null, consent: boolean, notice: boolean) => consent && (idType !== 'resident_id' || notice);
