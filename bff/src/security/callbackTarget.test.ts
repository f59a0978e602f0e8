/**
 * Callbacks cannot reach inside. Every request these tests let out goes to loopback (the callback
 * receiver); host names are resolved by a resolver the test holds, never by DNS.
 */
import { startCallbackDispatcher } from '../jobs/callbackDispatcher';
import { apiClient } from '../../test/client';
import { startCallbackReceiver, type CallbackReceiver } from '../../test/callbackReceiver';
import { openTestDatabase } from '../../test/database';
import { matterRequest, residentId } from '../../test/factories';
import { expectError } from '../../test/person';
import { startTestServer, type TestServer } from '../../test/server';
import { isPublicAddress, targetProblem } from './callbackTarget';

/** Each of these is the inside of the machine or the network, in one of its spellings. */
const INSIDE = [
  'http://127.0.0.1:6379/',
  'http://localhost:3000/api/portal/matters',
  'http://LOCALHOST./x',
  'http://app.localhost/x',
  'http://[::1]/',
  'http://0.0.0.0/',
  'http://2130706433/',
  'http://127.1/',
  'http://0x7f.1/',
  'http://0177.0.0.1/',
  'http://[::ffff:127.0.0.1]/',
  'http://[::ffff:7f00:1]/',
  'http://10.0.0.1/',
  'http://172.16.5.4/',
  'http://192.168.1.1/',
  'http://100.64.0.1/',
  'http://169.254.169.254/latest/meta-data/',
  'http://[fe80::1]/',
  'http://[fc00::1]/',
  'http://224.0.0.1/',
  'http://240.0.0.1/',
  'http://255.255.255.255/',
  'http://192.0.2.10/',
  'http://[::]/',
  // IPv6 spellings that carry an inside IPv4 address: IPv4-compatible, mapped, 6to4, Teredo, NAT64.
  'http://[::127.0.0.1]/',
  'http://[::a9fe:a9fe]/',
  'http://[::ffff:169.254.169.254]/',
  'http://[2002:7f00:1::1]/',
  'http://[2001:0:7f00:1::1]/',
  'http://[64:ff9b::127.0.0.1]/',
  'http://[64:ff9b::a9fe:a9fe]/',
  'https://portal.internal/cb',
  'https://printer.local/cb',
];

describe('callback targets', () => {
  it.each([
    ['8.8.8.8', true],
    ['1.1.1.1', true],
    ['2400:3200::1', true],
    ['::ffff:8.8.8.8', true],
    ['127.0.0.1', false],
    ['::ffff:127.0.0.1', false],
    ['10.255.255.53', false],
    ['169.254.169.254', false],
    ['100.100.100.200', false],
    ['fd00::1', false],
    ['64:ff9b::a00:1', false],
    // Only global unicast IPv6 (2000::/3); an address standing for an IPv4 one is judged by it.
    ['::7f00:1', false],
    ['::a9fe:a9fe', false],
    ['::808:808', false], // IPv4-compatible is deprecated: refused whatever it embeds
    ['::ffff:a9fe:a9fe', false],
    ['::ffff:0:7f00:1', false],
    ['2002:7f00:1::1', false],
    ['2002:808:808::1', false], // 6to4 is refused whatever it embeds
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', false],
    ['64:ff9b::7f00:1', false],
    ['64:ff9b::a9fe:a9fe', false],
    ['64:ff9b::808:808', true],
    ['64:ff9b:1::808:808', false],
    ['4000::1', false],
    ['2001:db8::1', false],
    ['not an address', false],
  ])('%s is public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it('judges a host name by every address it resolves to', async () => {
    const resolving =
      (...addresses: string[]) =>
      async () =>
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    expect(await targetProblem('https://portal.example.cn/cb', resolving('1.1.1.1'))).toBeNull();
    expect(await targetProblem('https://portal.example.cn/cb', resolving('1.1.1.1', '10.0.0.5'))).toMatch(/内网/);
    expect(await targetProblem('https://portal.example.cn/cb', resolving('::1'))).toMatch(/内网/);
    expect(await targetProblem('https://portal.example.cn/cb', resolving('2400:3200::1', '::7f00:1'))).toMatch(/内网/);
    expect(await targetProblem('https://portal.example.cn/cb', resolving())).toMatch(/无法解析/);
    expect(
      await targetProblem('https://portal.example.cn/cb', async () => {
        throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' });
      }),
    ).toMatch(/无法解析/);
  });
});

describe('callbacks cannot reach inside', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  let receiver: CallbackReceiver;
  /** What the test's resolver answers for any host name (DNS is never asked). */
  let resolvesTo = '1.1.1.1';
  const portal = () => apiClient(server.url, 'demo-portal-key');

  beforeAll(async () => {
    db = await openTestDatabase();
    receiver = await startCallbackReceiver();
    server = await startTestServer(db.conn, {}, { services: (s) => ({ ...s, resolve: async () => [{ address: resolvesTo, family: 4 }] }) });
  });
  afterAll(async () => {
    await receiver.close();
    await server.close();
    await db.drop();
  });

  it.each(INSIDE)('refuses %s at registration (400, without CALLBACK_ALLOW_PRIVATE)', async (url) => {
    const res = await portal().put('/api/portal/callback', { url });
    expect(expectError(res, 400, 'validation_failed').details).toMatchObject({ field: 'url' });
    expect(res.body.error.message).toMatch(/本机、内网或保留地址/);
  });

  it('refuses a host name that resolves inside, and takes one that resolves outside', async () => {
    resolvesTo = '192.168.0.10';
    expectError(await portal().put('/api/portal/callback', { url: 'https://portal.example.cn/cb' }), 400, 'validation_failed');
    resolvesTo = '1.1.1.1';
    expect((await portal().put('/api/portal/callback', { url: 'https://portal.example.cn/cb' })).status).toBe(200);
  });

  /** One pass of a dispatcher over whatever is due, then the outbox of the matter's first event. */
  const deliverOnce = async (matterId: string) => {
    const dispatcher = startCallbackDispatcher(server.services, { pollMs: 3_600_000, timeoutMs: 2000 });
    await dispatcher.runOnce();
    await dispatcher.stop();
    const [event] = await server.services.models.MatterEvent.find({ matterId }).sort({ seq: 1 }).lean();
    return event.outbox!;
  };

  it('checks again at every send, against the address connected to: a name that now resolves to loopback gets nothing', async () => {
    const port = new URL(receiver.url).port;
    resolvesTo = '1.1.1.1';
    expect((await portal().put('/api/portal/callback', { url: `http://rebind.example.cn:${port}/regverify/callbacks` })).status).toBe(200);
    resolvesTo = '127.0.0.1'; // the name now points at the receiver on loopback
    const matter = (
      await portal().post('/api/portal/matters', matterRequest([{ name: '张三', idType: 'resident_id', idNumber: residentId(731) }]))
    ).body.matter;
    expect(await deliverOnce(matter.id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'BLOCKED_ADDRESS' });
    expect(receiver.received).toEqual([]);
  });

  it('refuses at send a literal inside address stored before these rules', async () => {
    await server.services.models.Tenant.updateOne({ _id: 'demo' }, { $set: { callbackUrl: receiver.url } });
    const matter = (
      await portal().post('/api/portal/matters', matterRequest([{ name: '张三', idType: 'resident_id', idNumber: residentId(732) }]))
    ).body.matter;
    expect(await deliverOnce(matter.id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'BLOCKED_ADDRESS' });
    expect(receiver.received).toEqual([]);
  });
});
