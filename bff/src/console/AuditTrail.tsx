import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Space from 'antd/es/space';
import Spin from 'antd/es/spin';
import Table, { type ColumnsType } from 'antd/es/table';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { useEffect, useState } from 'react';
import { ApiError, type AuditTrail as Trail, type ConsoleApi } from './api';
import { chainWords, eventWord, formatTime } from './words';

type AuditEvent = Trail['events'][number];

interface AuditTrailProps {
  api: ConsoleApi;
  matterId: string;
  /** The matter's reference, for the heading. */
  portalRef: string;
  onBack(): void;
}

const ACTOR_COLORS: Record<AuditEvent['actor']['kind'], string> = {
  person: 'blue',
  operator: 'purple',
  portal: 'default',
  system: 'default',
};

/** A hash is long: its first 16 characters, all of it on hover and when copied. */
const Hash = ({ value }: { value: string }) => (
  <Typography.Text code copyable={{ text: value }} title={value}>
    {value.slice(0, 16)}…
  </Typography.Text>
);

const COLUMNS: ColumnsType<AuditEvent> = [
  { title: '序号', dataIndex: 'seq', width: 70 },
  { title: '时间', dataIndex: 'at', width: 180, render: (at: string) => formatTime(at, { seconds: true }) },
  {
    title: '事件',
    dataIndex: 'type',
    render: (type: string) => (
      <span title={type}>
        {eventWord(type)} <Typography.Text type="secondary">{type}</Typography.Text>
      </span>
    ),
  },
  {
    title: '操作方',
    dataIndex: 'actor',
    render: (actor: AuditEvent['actor']) => <Tag color={ACTOR_COLORS[actor.kind]}>{actor.label}</Tag>,
  },
  { title: '哈希', dataIndex: 'hash', render: (hash: string) => <Hash value={hash} /> },
  { title: '上一条哈希', dataIndex: 'prevHash', render: (hash: string) => (hash ? <Hash value={hash} /> : '—') },
];

/** A matter's ledger, oldest first, with the check of its hash chain: 链完整, or the event where it breaks. */
export function AuditTrail({ api, matterId, portalRef, onBack }: AuditTrailProps) {
  const [trail, setTrail] = useState<Trail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    api.getAuditTrail(matterId).then(
      (loaded) => current && setTrail(loaded),
      (err: unknown) => current && setError(err instanceof ApiError ? err.message : '加载失败，请重试'),
    );
    return () => {
      current = false;
    };
  }, [api, matterId]);

  const chain = trail && chainWords(trail.chain);
  const brokenSeq = trail && !trail.chain.ok ? trail.chain.seq : null;
  return (
    <Space data-testid="audit-trail" orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Button onClick={onBack}>返回</Button>
      <Typography.Title level={4} style={{ margin: 0 }}>
        审计记录 <Typography.Text code>{portalRef}</Typography.Text>
      </Typography.Title>
      {error && <Alert type="error" showIcon title={error} />}
      {!trail && !error && <Spin />}
      {chain && <Alert data-testid="chain-check" type={chain.type} showIcon title={chain.title} description={chain.detail} />}
      {trail && (
        <Table<AuditEvent>
          rowKey="seq"
          size="small"
          pagination={false}
          columns={COLUMNS}
          dataSource={trail.events}
          onRow={(event) => (brokenSeq !== null && event.seq >= brokenSeq ? { style: { background: '#fff1f0' } } : {})}
        />
      )}
    </Space>
  );
}
