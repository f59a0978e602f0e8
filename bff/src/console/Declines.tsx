import type { DeclineReason } from '@regverify/shared';
import { DECLINE_REASON_WORDS, ID_TYPE_LABELS } from '@regverify/shared/words';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Segmented from 'antd/es/segmented';
import Space from 'antd/es/space';
import Table, { type ColumnsType } from 'antd/es/table';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, type ConsoleApi, type DeclineItem } from './api';
import { DECLINE_TAGS, DOCUMENTS_REPLACED_TAG, formatTime, MATTER_STATUS_WORDS } from './words';

/** antd's table placeholder is light grey; the list's empty text is read like any other. */
const EMPTY_TEXT_STYLE = { color: 'rgba(0, 0, 0, 0.88)' };

/** The filter: every reason (全部), or one. */
export type DeclineFilter = DeclineReason | 'all';

const FILTER_OPTIONS: Array<{ value: DeclineFilter; label: string }> = [
  { value: 'all', label: '全部' },
  { value: 'not_mine', label: DECLINE_REASON_WORDS.not_mine },
  { value: 'content_wrong', label: DECLINE_REASON_WORDS.content_wrong },
];

function columns(onAudit: (matter: { id: string; portalRef: string }) => void): ColumnsType<DeclineItem> {
  return [
    { title: '拒绝时间', dataIndex: 'at', width: 150, render: (at: string) => formatTime(at) },
    {
      title: '拒绝原因',
      key: 'reason',
      width: 130,
      render: (_, decline) => (
        <Space orientation="vertical" size={2} data-testid="decline-reason">
          <Tag style={DECLINE_TAGS[decline.reason].style}>{decline.reasonLabel}</Tag>
          {!decline.current && (
            <Tag style={DOCUMENTS_REPLACED_TAG.style} title="拒绝之后登记平台已更新业务文件，本人需就新文件重新办理">
              {DOCUMENTS_REPLACED_TAG.text}
            </Tag>
          )}
        </Space>
      ),
    },
    { title: '姓名', key: 'name', width: 90, render: (_, decline) => decline.person.name || '（已删除）' },
    {
      title: '证件',
      key: 'id',
      render: (_, decline) => (
        <span>
          {ID_TYPE_LABELS[decline.person.idType]} {decline.person.idNumberMasked}
        </span>
      ),
    },
    {
      title: '业务',
      key: 'matter',
      render: (_, { matter }) => (
        <Space orientation="vertical" size={2}>
          <span>{matter.entityName}</span>
          <span>
            <Typography.Text code>{matter.portalRef}</Typography.Text>（{matter.tenant}，{matter.kind}，{MATTER_STATUS_WORDS[matter.status]}
            ）
          </span>
        </Space>
      ),
    },
    {
      title: '本人说明',
      dataIndex: 'note',
      render: (note: string | null) => <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{note ?? '—'}</span>,
    },
    {
      title: '操作',
      key: 'action',
      width: 110,
      render: (_, { matter }) => <Button onClick={() => onAudit({ id: matter.matterId, portalRef: matter.portalRef })}>审计记录</Button>,
    },
  ];
}

interface DeclinesProps {
  api: ConsoleApi;
  /** The filter, kept by the console so that it is still there after reading an audit trail. */
  filter: DeclineFilter;
  onFilterChange(filter: DeclineFilter): void;
  onAudit(matter: { id: string; portalRef: string }): void;
}

/**
 * 拒绝办理: the filings people of the operator's tenants declined in the mini-program, newest first,
 * with the reason (不是本人办理: someone may have used their identity; 内容有误), the person masked, the
 * matter and the person's own note, for the window to follow up.
 */
export function Declines({ api, filter, onFilterChange, onAudit }: DeclinesProps) {
  const [items, setItems] = useState<DeclineItem[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setItems(await api.listDeclines(filter === 'all' ? undefined : filter));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '加载失败，请重试');
    } finally {
      setLoading(false);
    }
  }, [api, filter]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Space data-testid="decline-list" orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          拒绝办理记录
        </Typography.Title>
        <Space>
          <Segmented<DeclineFilter> aria-label="按拒绝原因筛选" options={FILTER_OPTIONS} value={filter} onChange={onFilterChange} />
          <Button onClick={() => void load()}>刷新</Button>
        </Space>
      </Space>
      <Typography.Paragraph style={{ margin: 0 }}>
        本人在小程序中拒绝办理的业务（最近100条）。“不是本人办理”可能是他人冒用身份，请与登记平台核实；登记平台更新业务文件后，本人需就新文件重新办理。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} />}
      <Table<DeclineItem>
        rowKey="id"
        loading={loading}
        columns={columns(onAudit)}
        dataSource={items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{
          emptyText: (
            <span style={EMPTY_TEXT_STYLE}>
              {filter === 'all' ? '暂无所辖登记平台的拒绝办理记录' : `暂无原因为“${DECLINE_REASON_WORDS[filter]}”的拒绝办理记录`}
            </span>
          ),
        }}
      />
    </Space>
  );
}
