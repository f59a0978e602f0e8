/** @jest-environment jsdom */
import { render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { AppStateProvider } from '../../../store';
import { listTodos } from '../../../services/mp';
import Todos from './index';

jest.mock('../../../services/mp', () => ({ listTodos: jest.fn() }));

const item = (over: Record<string, unknown> = {}) => ({
  taskId: 't1',
  matterId: 'm1',
  kind: '设立登记',
  entityName: '郑州某某科技有限公司',
  roles: ['法定代表人', '股东'],
  actions: ['verify', 'sign'],
  status: 'pending',
  createdAt: '2026-11-28T06:41:00.000Z',
  expiresAt: '2026-12-05T06:41:00.000Z',
  ...over,
});

const renderTodos = (entryMatterId: string | null = null) =>
  render(
    <AppStateProvider initial={{ entryMatterId }}>
      <Todos />
    </AppStateProvider>,
  );

describe('待办', () => {
  beforeEach(() => jest.clearAllMocks());

  test('an empty list says 近7天暂无待办事项', async () => {
    (listTodos as jest.Mock).mockResolvedValueOnce({ items: [] });
    renderTodos();
    expect(await screen.findByText('近7天暂无待办事项')).toBeTruthy();
  });

  test('each item shows kind, entity, roles and status; only pending ones offer 业务确认', async () => {
    (listTodos as jest.Mock).mockResolvedValueOnce({
      items: [item(), item({ taskId: 't2', status: 'confirmed', entityName: '洛阳某某商贸有限公司' })],
    });
    renderTodos();
    await screen.findByText('郑州某某科技有限公司');
    const text = document.body.textContent ?? '';
    expect(text).toContain('设立登记');
    expect(text).toContain('担任：法定代表人、股东');
    expect(text).toContain('待实名认证 · 待签名');
    expect(text).toContain('已实名认证 · 已签名');
    expect(screen.getAllByRole('button', { name: /^业务确认/ })).toHaveLength(1);
  });

  test('a to-do of an organization the person represents says 代表 <organization>, one to-do per participant', async () => {
    const organization = { name: '河南某某投资有限公司', usccMasked: '91************341L' };
    (listTodos as jest.Mock).mockResolvedValueOnce({
      items: [item({ organization: null }), item({ taskId: 't2', organization, roles: ['股东'] })],
    });
    renderTodos();
    expect(await screen.findByText('代表 河南某某投资有限公司')).toBeTruthy();
    expect(screen.getAllByText('代表 河南某某投资有限公司')).toHaveLength(1);
    expect(screen.getAllByRole('button', { name: /^业务确认/ })).toHaveLength(2);
    expect(screen.getByRole('button', { name: '业务确认：设立登记 郑州某某科技有限公司 代表河南某某投资有限公司' })).toBeTruthy();
  });

  test("a deep link's matter opens its to-do straight away", async () => {
    (listTodos as jest.Mock).mockResolvedValueOnce({ items: [item({ taskId: 't9', matterId: 'm9' }), item()] });
    renderTodos('m9');
    await waitFor(() => expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/tasks/todo/index?taskId=t9' }));
  });
});
