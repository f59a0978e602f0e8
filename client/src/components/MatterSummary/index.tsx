import { Text, View } from '@tarojs/components';

import './index.scss';

interface MatterFacts {
  kind: string;
  entityName: string;
  roles: string[];
  /** The organization the person confirms for (代表 …), if the task is an organization's. */
  organization?: { name: string; usccMasked: string } | null;
  documents?: Array<{ name: string }>;
}

/**
 * 业务信息: what the person confirms — matter type, entity, their roles (or, for an organization they
 * represent, the organization and its roles), and the documents.
 */
export function MatterSummary({ matter }: { matter: MatterFacts }) {
  return (
    <View className="card matter-summary">
      <Text className="card__title">业务信息</Text>
      <View className="matter-summary__row">
        <Text className="matter-summary__label muted">业务类型</Text>
        <Text className="matter-summary__value">{matter.kind}</Text>
      </View>
      <View className="matter-summary__row">
        <Text className="matter-summary__label muted">主体名称</Text>
        <Text className="matter-summary__value">{matter.entityName}</Text>
      </View>
      {matter.organization ? (
        <>
          <View className="matter-summary__row">
            <Text className="matter-summary__label muted">代表</Text>
            <Text className="matter-summary__value">
              {matter.organization.name}（统一社会信用代码 {matter.organization.usccMasked}）
            </Text>
          </View>
          <View className="matter-summary__row">
            <Text className="matter-summary__label muted">该单位担任</Text>
            <Text className="matter-summary__value">{matter.roles.join('、')}</Text>
          </View>
        </>
      ) : (
        <View className="matter-summary__row">
          <Text className="matter-summary__label muted">本人担任</Text>
          <Text className="matter-summary__value">{matter.roles.join('、')}</Text>
        </View>
      )}
      {matter.documents ? (
        <View className="matter-summary__row">
          <Text className="matter-summary__label muted">业务文件</Text>
          <View className="matter-summary__value">
            {matter.documents.map((doc, i) => (
              <Text key={`${i}-${doc.name}`} className="matter-summary__doc">
                {doc.name}
              </Text>
            ))}
          </View>
        </View>
      ) : null}
    </View>
  );
}
