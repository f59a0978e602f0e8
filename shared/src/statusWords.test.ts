import { matterStatusWord, participantWords } from './statusWords';

describe('status words', () => {
  it.each([
    ['pending', '待完成 (1/3)'],
    ['ready', '可提交'],
    ['submitted', '已提交'],
    ['expired', '已过期'],
    ['cancelled', '已撤销'],
  ] as const)('matter %s → %s', (status, word) => {
    expect(matterStatusWord(status, { done: 1, total: 3 })).toBe(word);
  });

  it('shows each required action of a person', () => {
    expect(participantWords({ verify: 'done', sign: 'pending', confirmedAt: null }, 'pending')).toEqual(['已实名认证', '待签名']);
    expect(participantWords({ verify: 'manual_review', sign: 'n/a', confirmedAt: null }, 'pending')).toEqual(['待人工核验']);
    expect(participantWords({ verify: 'pending', sign: 'pending', confirmedAt: null }, 'pending')).toEqual(['待实名认证', '待签名']);
  });

  it('marks unfinished people of an expired matter 已过期, finished ones keep their words', () => {
    expect(participantWords({ verify: 'pending', sign: 'pending', confirmedAt: null }, 'expired')).toEqual(['已过期']);
    expect(participantWords({ verify: 'done', sign: 'done', confirmedAt: '2026-11-28T10:00:00.000Z' }, 'expired')).toEqual([
      '已实名认证',
      '已签名',
    ]);
  });
});
