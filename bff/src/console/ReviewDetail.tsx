import { ID_TYPE_LABELS, matterStatusWord } from '@regverify/shared/words';
import Alert from 'antd/es/alert';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Descriptions, { type DescriptionsProps } from 'antd/es/descriptions';
import Popconfirm from 'antd/es/popconfirm';
import Space from 'antd/es/space';
import Spin from 'antd/es/spin';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { ApiError, type ConsoleApi, type ReviewDetail as Detail } from './api';
import { formatTime, REVIEW_TAGS } from './words';

/** A chunk of its own, fetched when the operator first refuses. */
const RefuseDialog = lazy(() => import('./RefuseDialog').then((m) => ({ default: m.RefuseDialog })));

/** The person as the window sees them (masked), why they wait at the window, and what is left for them to do. */
const personItems = ({ item, stillToDo }: Detail): DescriptionsProps['items'] => [
  { key: 'name', label: '姓名', children: item.name || '（个人信息已删除）' },
  ...(item.organization
    ? [{ key: 'organization', label: '代表单位', children: `${item.organization.name}（${item.organization.usccMasked}）` }]
    : []),
  { key: 'id', label: '证件', children: `${ID_TYPE_LABELS[item.idType]} ${item.idNumberMasked}` },
  { key: 'roles', label: '角色', children: item.roles.join('、') },
  { key: 'expires', label: '有效期至', children: formatTime(item.expiresAt) },
  { key: 'reason', label: '人工核验原因', span: 2, children: <span data-testid="review-reason">{item.reviewReasonLabel}</span> },
  { key: 'todo', label: '尚需办理', span: 2, children: stillToDo.length ? stillToDo.join('；') : '无' },
];

const matterItems = ({ matter, documentsDigest }: Detail): DescriptionsProps['items'] => [
  { key: 'ref', label: '申请编号', children: <Typography.Text code>{matter.portalRef}</Typography.Text> },
  {
    key: 'status',
    label: '业务状态',
    children: <span data-testid="matter-status">{matterStatusWord(matter.status, matter.progress)}</span>,
  },
  { key: 'entity', label: '主体名称', children: matter.entityName },
  { key: 'kind', label: '业务类型', children: matter.kind },
  {
    key: 'digest',
    label: '业务文件摘要',
    span: 2,
    children: (
      <Typography.Text code copyable>
        {documentsDigest}
      </Typography.Text>
    ),
  },
];

interface ReviewDetailProps {
  api: ConsoleApi;
  taskId: string;
  onBack(): void;
  onAudit(matter: { id: string; portalRef: string }): void;
}

/** One person waiting at the window: who (masked), the matter and its documents, and 通过 / 驳回. */
export function ReviewDetail({ api, taskId, onBack, onAudit }: ReviewDetailProps) {
  const { message } = App.useApp();
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [approving, setApproving] = useState(false);
  const [refusing, setRefusing] = useState(false);

  const load = useCallback(async () => {
    setError(null);
    try {
      setDetail(await api.getReview(taskId));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '加载失败，请重试');
    }
  }, [api, taskId]);

  useEffect(() => {
    void load();
  }, [load]);

  const approve = async () => {
    setApproving(true);
    try {
      await api.decide(taskId, { decision: 'approved' });
      void message.success('已通过：该人员的实名认证和签名已完成');
      await load();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return; // back at sign-in, which says why
      void message.error(err instanceof ApiError ? err.message : '操作失败，请重试');
      await load(); // decided meanwhile (at another window), expired, …: show how it stands now
    } finally {
      setApproving(false);
    }
  };

  const refuse = async (reason: string) => {
    await api.decide(taskId, { decision: 'refused', reason });
    setRefusing(false);
    void message.success('已驳回，原因已记入审计记录');
    await load();
  };

  const back = (
    <Button onClick={onBack} style={{ alignSelf: 'flex-start' }}>
      返回列表
    </Button>
  );
  if (!detail) {
    return (
      <Space data-testid="review-detail" orientation="vertical" size="middle" style={{ width: '100%' }}>
        {back}
        {error ? <Alert type="error" showIcon title={error} /> : <Spin />}
      </Space>
    );
  }

  const { matter } = detail;
  const review = detail.review ?? 'pending';
  const open = review === 'pending' && matter.status === 'pending';
  return (
    <Space data-testid="review-detail" orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        {back}
        <Button onClick={() => onAudit(matter)}>审计记录</Button>
      </Space>
      {error && <Alert type="error" showIcon title={error} />}
      <Card
        title={
          <Space>
            <span>人工核验</span>
            <Tag data-testid="review-state" color={REVIEW_TAGS[review].color}>
              {REVIEW_TAGS[review].text}
            </Tag>
          </Space>
        }
        extra={
          open && (
            <Space>
              <Popconfirm
                title="确认通过？"
                description="该人员已在窗口核验身份，并确认业务文件、完成签名。"
                okText="确认通过"
                onConfirm={approve}
              >
                <Button type="primary" loading={approving}>
                  通过
                </Button>
              </Popconfirm>
              <Button danger onClick={() => setRefusing(true)}>
                驳回
              </Button>
            </Space>
          )
        }
      >
        <Descriptions column={2} bordered size="small" items={personItems(detail)} />
      </Card>
      <Card title="业务">
        <Descriptions column={2} bordered size="small" items={matterItems(detail)} />
        <Table
          style={{ marginTop: 16 }}
          rowKey={(d) => `${d.name}:${d.sha256}`}
          size="small"
          pagination={false}
          dataSource={detail.documents}
          columns={[
            { title: '业务文件', dataIndex: 'name' },
            { title: 'SHA-256', dataIndex: 'sha256', render: (sha: string) => <Typography.Text code>{sha}</Typography.Text> },
          ]}
        />
      </Card>
      {refusing && (
        <Suspense fallback={null}>
          <RefuseDialog onRefuse={refuse} onCancel={() => setRefusing(false)} />
        </Suspense>
      )}
    </Space>
  );
}
