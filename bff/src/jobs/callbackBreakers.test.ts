import { createCallbackBreakers } from './callbackBreakers';

const URL_A = 'https://a.example.cn/cb';

describe('callback breakers', () => {
  let clock = 0;
  const resumed: string[][] = [];
  const breakers = createCallbackBreakers<string>({
    threshold: 3,
    cooloffMs: 50,
    parkLimit: 2,
    resume: (items) => resumed.push(items),
    now: () => clock,
  });
  beforeEach(() => {
    breakers.clear();
    resumed.length = 0;
    clock = 1000;
  });

  it('opens after the threshold of consecutive failures; a success before it starts the count again', () => {
    breakers.failed('a', URL_A, false);
    breakers.failed('a', URL_A, false);
    breakers.succeeded('a', URL_A);
    expect(breakers.failed('a', URL_A, false)).toBe(false);
    expect(breakers.failed('a', URL_A, false)).toBe(false);
    expect(breakers.admit('a', URL_A)).toBe('closed');
    expect(breakers.failed('a', URL_A, false)).toBe(true);
    expect(breakers.admit('a', URL_A)).toBe('open');
    expect(breakers.openUntil('a')).toBe(1050);
    expect(breakers.blocked()).toEqual(['a']);
  });

  it('lets one probe through after the cool-off: a failed probe opens it again, a successful one closes it and hands back what was parked', async () => {
    for (let i = 0; i < 3; i++) breakers.failed('a', URL_A, false);
    breakers.park('a', 'e1', 'one');
    breakers.park('a', 'e2', 'two');
    breakers.park('a', 'e3', 'three'); // over the limit: left to the outbox scan
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(resumed).toEqual([['one', 'two']]);
    clock = 1051;
    expect(breakers.blocked()).toEqual([]); // cooled off: the outbox scan may bring the probe
    expect(breakers.admit('a', URL_A)).toBe('probe');
    expect(breakers.blocked()).toEqual(['a']);
    expect(breakers.admit('a', URL_A)).toBe('open'); // one probe at a time
    breakers.park('a', 'e2', 'two');
    expect(breakers.failed('a', URL_A, true)).toBe(true);
    expect(breakers.openUntil('a')).toBe(1101);
    clock = 1102;
    expect(breakers.admit('a', URL_A)).toBe('probe');
    breakers.succeeded('a', URL_A);
    expect(resumed.at(-1)).toEqual(['two']);
    expect(breakers.admit('a', URL_A)).toBe('closed');
    expect(breakers.blocked()).toEqual([]);
  });

  it("is per tenant: another tenant failing at the same URL opens only its own; a tenant's new URL starts closed", () => {
    for (let i = 0; i < 3; i++) breakers.failed('mallory', URL_A, false);
    expect(breakers.admit('mallory', URL_A)).toBe('open');
    expect(breakers.admit('a', URL_A)).toBe('closed');
    breakers.park('mallory', 'e1', 'one');
    expect(breakers.admit('mallory', 'https://b.example.cn/cb')).toBe('closed');
    expect(resumed).toEqual([['one']]);
    // A late report about the old URL changes nothing.
    expect(breakers.failed('mallory', URL_A, true)).toBe(false);
    expect(breakers.blocked()).toEqual([]);
  });

  it('hands the probe to the next delivery when the one admitted made no POST', () => {
    for (let i = 0; i < 3; i++) breakers.failed('a', URL_A, false);
    clock = 1051;
    expect(breakers.admit('a', URL_A)).toBe('probe');
    breakers.park('a', 'e2', 'two');
    breakers.withdraw('a', URL_A);
    expect(resumed).toEqual([['two']]);
    expect(breakers.admit('a', URL_A)).toBe('probe');
  });
});
