import { ID_TYPE_LABELS } from '@regverify/shared/words';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Input from 'antd/es/input';
import Space from 'antd/es/space';
import Table, { type ColumnsType } from 'antd/es/table';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, type ConsoleApi, type ReviewItem } from './api';
import { formatTime, REVIEW_TAGS } from './words';

interface ReviewListProps {
  api: ConsoleApi;
  /** The search, kept by the console so that it is still there after a review. */
  query: string;
  onQueryChange(query: string): void;
  onOpen(taskId: string): void;
}

const COLUMNS: ColumnsType<ReviewItem> = [
  { title: '申请编号', dataIndex: 'portalRef', render: (ref: string) => <Typography.Text code>{ref}</Typography.Text> },
  { title: '主体名称', dataIndex: 'entityName' },
  { title: '业务类型', dataIndex: 'kind', width: 110 },
  {
    title: '姓名',
    key: 'name',
    width: 140,
    render: (_, item) => (
      <span>
        {item.name || '（已删除）'}
        {item.organization ? `（代表 ${item.organization.name}）` : null}
      </span>
    ),
  },
  {
    title: '证件',
    key: 'id',
    render: (_, item) => (
      <span>
        {ID_TYPE_LABELS[item.idType]} {item.idNumberMasked}
      </span>
    ),
  },
  { title: '角色', dataIndex: 'roles', render: (roles: string[]) => roles.join('、') },
  { title: '原因', dataIndex: 'reviewReasonLabel' },
  { title: '状态', key: 'status', width: 110, render: () => <Tag color={REVIEW_TAGS.pending.color}>{REVIEW_TAGS.pending.text}</Tag> },
  { title: '发起时间', dataIndex: 'createdAt', width: 150, render: (at: string) => formatTime(at) },
  { title: '有效期至', dataIndex: 'expiresAt', width: 150, render: (at: string) => formatTime(at) },
];

/** The people of the operator's tenants waiting for manual review, newest first, with a search. */
export function ReviewList({ api, query, onQueryChange, onOpen }: ReviewListProps) {
  const [items, setItems] = useState<ReviewItem[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState(query);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setItems(await api.listReviews(query));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '加载失败，请重试');
    } finally {
      setLoading(false);
    }
  }, [api, query]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Space data-testid="review-list" orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          待人工核验人员
        </Typography.Title>
        <Space>
          <Input.Search
            aria-label="搜索申请编号或姓名"
            placeholder="申请编号或姓名（如 林**）"
            allowClear
            enterButton="搜索"
            style={{ width: 360 }}
            maxLength={64}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onSearch={(value) => (value.trim() === query ? void load() : onQueryChange(value.trim()))}
          />
          <Button onClick={() => void load()}>刷新</Button>
        </Space>
      </Space>
      {error && <Alert type="error" showIcon title={error} />}
      <Table<ReviewItem>
        rowKey="taskId"
        loading={loading}
        columns={COLUMNS}
        dataSource={items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: query ? `没有与“${query}”相符的待核验人员` : '暂无待人工核验的人员' }}
        onRow={(item) => ({ onClick: () => onOpen(item.taskId), style: { cursor: 'pointer' } })}
      />
    </Space>
  );
}
