import { createLogger } from './logger';

describe('logger', () => {
  it('censors personal fields at any of the first levels', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (l: string) => lines.push(l) });
    logger.info(
      {
        idNumber: '11010519491231002X',
        body: { name: '张三', cardNumber: '6222021234567890123' },
        matter: { participants: [{ name: '李四', idNumber: '41010219800101123X' }] },
        headers: { authorization: 'Bearer abc' },
        taskId: 't1',
      },
      'something happened',
    );
    const out = lines.join('');
    for (const secret of ['11010519491231002X', '张三', '6222021234567890123', '李四', '41010219800101123X', 'Bearer abc']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('t1');
    expect(out).toContain('[redacted]');
  });
});
