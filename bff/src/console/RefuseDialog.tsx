import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import { useState } from 'react';
import { ApiError } from './api';

interface RefuseDialogProps {
  /** Sends the refusal; an ApiError it throws is shown in the dialog, which then stays open. */
  onRefuse(reason: string): Promise<void>;
  onCancel(): void;
}

/**
 * 驳回 needs a reason, kept in the matter's ledger: the dialog does not send without one. Shown while
 * it is mounted; a refusal sent closes it (the review unmounts it), and a new one starts empty.
 */
export function RefuseDialog({ onRefuse, onCancel }: RefuseDialogProps) {
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const { reason } = await form.validateFields();
    setBusy(true);
    try {
      await onRefuse(reason.trim());
    } catch (err) {
      form.setFields([{ name: 'reason', errors: [err instanceof ApiError ? err.message : '驳回失败，请重试'] }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title="驳回人工核验"
      okText="确认驳回"
      okButtonProps={{ danger: true, loading: busy }}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onCancel}
    >
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item
          label="驳回原因（记入审计记录）"
          name="reason"
          rules={[
            { required: true, whitespace: true, message: '请填写驳回原因' },
            { max: 200, message: '原因不能超过200个字符' },
          ]}
        >
          <Input.TextArea aria-label="驳回原因" rows={4} maxLength={200} showCount placeholder="如：护照照片与本人不符" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
