import { chainWords, eventWord, formatTime, REVIEW_TAGS } from './words';

describe('console words', () => {
  it('says 链完整 for a whole chain, and where and why a broken one breaks', () => {
    expect(chainWords({ ok: true, length: 3, anchored: true })).toMatchObject({
      ok: true,
      type: 'success',
      title: '链完整',
      detail: expect.stringContaining('共 3 条记录'),
    });
    expect(chainWords({ ok: false, seq: 2, problem: 'content does not match its hash' })).toEqual({
      ok: false,
      type: 'error',
      title: '链在第 2 条记录处断开',
      detail: expect.stringContaining('第 2 条：记录内容与其哈希不符'),
    });
    expect(chainWords({ ok: false, seq: 4, problem: 'broken link' }).detail).toContain('与上一条记录的哈希不相连');
    expect(chainWords({ ok: false, seq: 5, problem: 'missing event' }).detail).toContain('缺少该条记录');
    expect(chainWords({ ok: false, seq: 3, problem: 'anchor does not match' }).detail).toContain('重算了哈希');
    expect(chainWords({ ok: false, seq: 3, problem: 'event not anchored' }).detail).toContain('锚定被移除');
    // A problem this build does not know is shown as the server wrote it.
    expect(chainWords({ ok: false, seq: 1, problem: 'something new' }).detail).toContain('something new');
  });

  it('warns about a whole chain without anchors instead of calling it 链完整', () => {
    expect(chainWords({ ok: true, length: 2, anchored: false })).toMatchObject({
      ok: true,
      type: 'warning',
      title: '链完整，但未经密钥锚定',
      detail: expect.stringContaining('共 2 条记录'),
    });
  });

  it('names audit events in words, and shows an unknown type as it is', () => {
    expect(eventWord('task.review_refused')).toBe('人工核验驳回');
    expect(eventWord('matter.created')).toBe('业务创建');
    expect(eventWord('matter.something_new')).toBe('matter.something_new');
  });

  it('uses the product’s word for a person waiting at the window', () => {
    expect(REVIEW_TAGS.pending.text).toBe('待人工核验');
    expect([REVIEW_TAGS.approved.text, REVIEW_TAGS.refused.text]).toEqual(['已通过', '已驳回']);
  });

  it('shows times in China Standard Time, whatever the zone of the browser', () => {
    expect(formatTime('2026-12-05T12:33:07.000Z')).toBe('2026-12-05 20:33');
    expect(formatTime('2026-12-05T16:00:00.000Z', { seconds: true })).toBe('2026-12-06 00:00:00');
  });
});
