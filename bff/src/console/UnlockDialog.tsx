// The ID validators only: what the console takes from the shared index carries no schema (and no zod).
import { maskIdNumber, normalizeIdNumber, validateIdNumber } from '@regverify/shared';
import { ID_TYPE_LABELS, ID_TYPES, type IdType } from '@regverify/shared/words';
import ConfigProvider from 'antd/es/config-provider';
import Descriptions from 'antd/es/descriptions';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Select from 'antd/es/select';
import Typography from 'antd/es/typography';
import { useState } from 'react';
import { ApiError, type AlarmItem, type ConsoleApi } from './api';

interface UnlockDialogProps {
  api: ConsoleApi;
  /** The alarm whose person stands at the window. */
  alarm: AlarmItem;
  /** The counts were cleared. */
  onLifted(): void;
  onCancel(): void;
}

/**
 * At least 4.5:1 on white: antd's error red and its grey description labels fall below it; this red
 * is above 7:1, and the labels are written like the rest of the text.
 */
const READABLE = { token: { colorError: '#a8071a' }, components: { Descriptions: { labelColor: 'rgba(0, 0, 0, 0.88)' } } };

const ID_TYPE_OPTIONS = ID_TYPES.map((value) => ({ value, label: ID_TYPE_LABELS[value] }));

/**
 * 解除限制: the operator types the document type and number from the document the person shows at
 * the window, and the server clears the day's counts kept for that person across accounts. The
 * number must be the alarm's person's (its masked copy must match), so that a slip of the keyboard
 * cannot lift someone else; it goes to the server only and is not kept on the screen afterwards.
 */
export function UnlockDialog({ api, alarm, onLifted, onCancel }: UnlockDialogProps) {
  const [form] = Form.useForm<{ idType: IdType; idNumber: string }>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const { idType, idNumber } = await form.validateFields();
    setBusy(true);
    try {
      await api.unlockPerson({ idType, idNumber: normalizeIdNumber(idNumber) });
      onLifted();
    } catch (err) {
      form.setFields([{ name: 'idNumber', errors: [err instanceof ApiError ? err.message : '解除失败，请重试'] }]);
      setBusy(false);
    }
  };

  /** The number as typed: valid for its type, and the alarm's person's. */
  const checkNumber = async (_: unknown, value: string | undefined) => {
    const idType = form.getFieldValue('idType') as IdType;
    const check = validateIdNumber(idType, value ?? '');
    if (!check.ok) throw new Error(check.message);
    const samePerson =
      idType === alarm.person.idType && (!alarm.person.idNumberMasked || maskIdNumber(check.value) === alarm.person.idNumberMasked);
    if (!samePerson) throw new Error('与提醒人员的证件不符，请核对本人出示的证件');
  };

  return (
    <ConfigProvider theme={READABLE}>
      <Modal
        open
        title="解除限制"
        okText="确认解除"
        okButtonProps={{ loading: busy }}
        onOk={() => void submit().catch(() => undefined)}
        onCancel={onCancel}
        destroyOnHidden
      >
        <Descriptions
          size="small"
          column={1}
          data-testid="unlock-person"
          items={[
            { key: 'name', label: '提醒人员', children: alarm.person.name || '（已删除）' },
            { key: 'id', label: '证件', children: `${ID_TYPE_LABELS[alarm.person.idType]} ${alarm.person.idNumberMasked}` },
            { key: 'why', label: '提醒原因', children: alarm.budgetLabel },
          ]}
        />
        <Typography.Paragraph style={{ marginTop: 12 }}>
          请核对本人出示的证件原件，并录入其证件类型和证件号码。解除后，此人当日在各账号累计的核验次数清零；各账号自身的限制不变。操作以您的名义记入审计记录。
        </Typography.Paragraph>
        <Form form={form} layout="vertical" requiredMark={false} initialValues={{ idType: alarm.person.idType, idNumber: '' }}>
          <Form.Item label="证件类型" name="idType" rules={[{ required: true, message: '请选择证件类型' }]}>
            <Select options={ID_TYPE_OPTIONS} />
          </Form.Item>
          <Form.Item label="证件号码" name="idNumber" validateTrigger="onSubmit" rules={[{ validator: checkNumber }]}>
            <Input autoComplete="off" maxLength={32} onPressEnter={() => void submit().catch(() => undefined)} />
          </Form.Item>
        </Form>
      </Modal>
    </ConfigProvider>
  );
}
