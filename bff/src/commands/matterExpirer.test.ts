import { loadConfig } from '../../../config/runtime';
import { createLogger } from '../logger';
import { syncIndexes } from '../models';
import { createServices, type Services } from '../services';
import { openTestDatabase } from '../../test/database';
import { matterRequest, residentId } from '../../test/factories';
import { createMatter } from './matterCreator';
import { startExpirySweeper } from '../jobs/expirySweeper';
import { weappEntryCode } from './weappEntryCode';

describe('expiry sweeper', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let now = new Date();
  let services: Services;

  beforeAll(async () => {
    db = await openTestDatabase();
    services = createServices({
      config: loadConfig({ MONGODB_URI: db.uri, NODE_ENV: 'test' }),
      logger: createLogger('silent'),
      db: db.conn,
      now: () => now,
    });
    await syncIndexes(services.models);
  });
  afterAll(() => db.drop());

  it('expires open matters after 7 days, once, with their pending tasks', async () => {
    now = new Date('2026-11-20T08:00:00Z');
    const input = matterRequest([
      { name: '张三', idType: 'resident_id', idNumber: residentId(51) },
      { name: '李四', idType: 'resident_id', idNumber: residentId(52) },
    ]);
    const { state } = await createMatter(services, { tenant: 'demo', input: input as never });
    await weappEntryCode(services, state.matter._id);
    const codes = () => services.models.EntryCode.countDocuments({ _id: state.matter._id });
    const sweeper = startExpirySweeper(services, 3_600_000);
    try {
      now = new Date('2026-11-27T07:59:59Z');
      expect(await sweeper.sweep()).toBe(0);
      expect(await codes()).toBe(1);
      now = new Date('2026-11-27T08:00:00Z');
      expect(await sweeper.sweep()).toBe(1);
      expect(await codes()).toBe(0); // the WeChat code goes with the matter
      expect(await sweeper.sweep()).toBe(0);
    } finally {
      sweeper.stop();
    }
    const after = await services.ledger.load(state.matter._id);
    expect(after!.matter.status).toBe('expired');
    expect(after!.tasks.map((t) => t.status)).toEqual(['expired', 'expired']);
    expect(await services.models.MatterEvent.countDocuments({ matterId: state.matter._id, type: 'matter.expired' })).toBe(1);
  });
});
