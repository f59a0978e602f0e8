import { taskStatusWord } from './taskWords';

describe('taskStatusWord', () => {
  test('uses the status words of the specification', () => {
    expect(taskStatusWord({ status: 'pending', actions: ['verify', 'sign'] })).toBe('待实名认证 · 待签名');
    expect(taskStatusWord({ status: 'pending', actions: ['sign'] })).toBe('待签名');
    expect(taskStatusWord({ status: 'confirmed', actions: ['verify', 'sign'] })).toBe('已实名认证 · 已签名');
    expect(taskStatusWord({ status: 'expired', actions: ['verify'] })).toBe('已过期');
    expect(taskStatusWord({ status: 'cancelled', actions: ['verify'] })).toBe('已撤销');
  });
});
