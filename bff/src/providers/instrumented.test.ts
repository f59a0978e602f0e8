import { createMetrics } from '../metrics/metrics';
import { ProviderError, type IdentityProvider } from './identity';
import { instrumentIdentity } from './instrumented';

describe('instrumented provider ports', () => {
  it('counts and times each call by vendor and operation, and its failures by kind, without touching what passes through', async () => {
    const metrics = createMetrics();
    const subject = { name: '张三', idType: 'resident_id' as const, idNumber: '11010519491231002X' };
    let fail: Error | null = null;
    const port: IdentityProvider = {
      name: 'alipay',
      supports: (idType) => idType === 'resident_id',
      start: async () => {
        if (fail) throw fail;
        return { providerRef: 'ref-1', params: {} };
      },
      query: async () => ({ status: 'passed' }),
    };
    const wrapped = instrumentIdentity(port, metrics);
    expect(wrapped.name).toBe('alipay');
    expect(wrapped.supports('passport')).toBe(false);
    const input = { outerNo: 'v1', subject, platformUserId: 'u1' };
    expect(await wrapped.start(input)).toEqual({ providerRef: 'ref-1', params: {} });
    fail = new ProviderError('unavailable', '支付宝暂时无法访问');
    await expect(wrapped.start(input)).rejects.toBe(fail);
    fail = new TypeError('boom');
    await expect(wrapped.start(input)).rejects.toBe(fail);
    expect(await wrapped.query({ ...input, providerRef: 'ref-1' })).toEqual({ status: 'passed' });

    const body = (await metrics.scrape()).body;
    expect(body).toContain('regverify_vendor_calls_total{vendor="alipay",operation="face_check_start"} 3');
    expect(body).toContain('regverify_vendor_calls_total{vendor="alipay",operation="face_check_query"} 1');
    expect(body).toContain('regverify_vendor_call_errors_total{vendor="alipay",operation="face_check_start",failure="unavailable"} 1');
    expect(body).toContain('regverify_vendor_call_errors_total{vendor="alipay",operation="face_check_start",failure="unexpected"} 1');
    expect(body).toContain('regverify_vendor_call_duration_seconds_count{vendor="alipay",operation="face_check_start"} 3');
    expect(body).not.toContain(subject.idNumber);
  });
});
