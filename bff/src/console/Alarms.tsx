import { ID_TYPE_LABELS } from '@regverify/shared/words';
import Alert from 'antd/es/alert';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Space from 'antd/es/space';
import Table, { type ColumnsType } from 'antd/es/table';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { ApiError, type AlarmItem, type ConsoleApi } from './api';
import { ALARM_TAGS, formatTime, MATTER_STATUS_WORDS } from './words';

/** A chunk of its own, fetched when the operator first lifts an alarm. */
const UnlockDialog = lazy(() => import('./UnlockDialog').then((m) => ({ default: m.UnlockDialog })));

/** antd's table placeholder is light grey; the list's empty text is read like any other. */
const EMPTY_TEXT_STYLE = { color: 'rgba(0, 0, 0, 0.88)' };

function columns(onLift: (alarm: AlarmItem) => void): ColumnsType<AlarmItem> {
  return [
    { title: '提醒时间', dataIndex: 'at', width: 150, render: (at: string) => formatTime(at) },
    { title: '提醒原因', dataIndex: 'budgetLabel', width: 200 },
    { title: '姓名', key: 'name', width: 90, render: (_, alarm) => alarm.person.name || '（已删除）' },
    {
      title: '证件',
      key: 'id',
      render: (_, alarm) => (
        <span>
          {ID_TYPE_LABELS[alarm.person.idType]} {alarm.person.idNumberMasked}
        </span>
      ),
    },
    {
      title: '相关业务',
      key: 'matters',
      render: (_, alarm) => (
        <Space orientation="vertical" size={2}>
          {alarm.matters.map((m) => (
            <span key={m.matterId}>
              <Typography.Text code>{m.portalRef}</Typography.Text> {m.entityName}（{m.tenant}，{MATTER_STATUS_WORDS[m.status]}）
            </span>
          ))}
        </Space>
      ),
    },
    {
      title: '状态',
      key: 'state',
      width: 200,
      render: (_, alarm) => {
        const tag = alarm.lifted ? ALARM_TAGS.lifted : ALARM_TAGS.open;
        return (
          <Space orientation="vertical" size={2} data-testid="alarm-state">
            <Tag style={tag.style}>{tag.text}</Tag>
            {alarm.lifted && (
              <span>
                {alarm.lifted.operator} · {formatTime(alarm.lifted.at)}
              </span>
            )}
          </Space>
        );
      },
    },
    {
      title: '操作',
      key: 'action',
      width: 110,
      render: (_, alarm) => !alarm.lifted && <Button onClick={() => onLift(alarm)}>解除限制</Button>,
    },
  ];
}

/**
 * 异常核验提醒: the people of the operator's tenants whose ID number several platform accounts tried
 * in one day past the threshold (an alarm, never a lock), with their matters; after seeing the
 * person at the window the operator lifts the counts (解除限制).
 */
export function Alarms({ api }: { api: ConsoleApi }) {
  const { message } = App.useApp();
  const [items, setItems] = useState<AlarmItem[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [lifting, setLifting] = useState<AlarmItem | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setItems(await api.listAlarms());
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '加载失败，请重试');
    } finally {
      setLoading(false);
    }
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  const lifted = () => {
    setLifting(null);
    void message.success('已解除限制');
    void load();
  };

  return (
    <Space data-testid="alarm-list" orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          异常核验提醒
        </Typography.Title>
        <Button onClick={() => void load()}>刷新</Button>
      </Space>
      <Typography.Paragraph style={{ margin: 0 }}>
        同一人的证件号码在一天内被多个账号用于核验、次数超过阈值时产生提醒（近7天）。提醒不阻止本人办理；本人到窗口出示证件后，可解除限制。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} />}
      <Table<AlarmItem>
        rowKey="id"
        loading={loading}
        columns={columns(setLifting)}
        dataSource={items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <span style={EMPTY_TEXT_STYLE}>近7天没有所辖登记平台人员的异常核验提醒</span> }}
      />
      {lifting && (
        <Suspense fallback={null}>
          <UnlockDialog api={api} alarm={lifting} onLifted={lifted} onCancel={() => setLifting(null)} />
        </Suspense>
      )}
    </Space>
  );
}
