import { decodeEntryScene } from '@regverify/shared';
import { openTestDatabase } from '../../../test/database';
import { apiClient } from '../../../test/client';
import { matterRequest, residentId } from '../../../test/factories';
import { CHINESE } from '../../../test/person';
import { startTestServer, type TestServer } from '../../../test/server';

/** PNG width and height from the IHDR chunk. */
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

describe('GET /entry/:matterId/weapp.png (entry.weappQrUrl) with the sandbox', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  const portal = () => apiClient(server.url, 'demo-portal-key');

  beforeAll(async () => {
    db = await openTestDatabase();
    server = await startTestServer(db.conn);
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  it("serves a stand-in code of the matter's scene, made once and kept for every later page", async () => {
    const created = await portal().post(
      '/api/portal/matters',
      matterRequest([{ name: '张三', idType: 'resident_id', idNumber: residentId(3) }]),
    );
    const matterId = created.body.matter.id as string;
    const path = new URL(created.body.entry.weappQrUrl).pathname;
    expect(path).toBe(`/entry/${matterId}/weapp.png`);

    const answers = await Promise.all([1, 2, 3].map(() => fetch(server.url + path)));
    const images = await Promise.all(answers.map(async (a) => Buffer.from(await a.arrayBuffer())));
    for (const [i, a] of answers.entries()) {
      expect(a.status).toBe(200);
      expect(a.headers.get('content-type')).toBe('image/png');
      expect(images[i].subarray(1, 4).toString()).toBe('PNG');
      expect(images[i].equals(images[0])).toBe(true);
    }
    expect(pngSize(images[0]).width).toBeGreaterThanOrEqual(280);
    const kept = await db.conn
      .collection('entry_codes')
      .find({ _id: matterId as never })
      .toArray();
    expect(kept).toHaveLength(1);
    // The code opens the entry page with a scene that leads back to this matter.
    const again = await fetch(server.url + path);
    expect(Buffer.from(await again.arrayBuffer()).equals(images[0])).toBe(true);
    expect(decodeEntryScene(encodeURIComponent(`m=${Buffer.from(matterId, 'hex').toString('base64url')}`))).toBe(matterId);
  });

  it.each([
    ['a matter that does not exist', 'ab'.repeat(16)],
    ['a made-up id', 'not-a-matter'],
  ])('answers 404 in Chinese for %s, and keeps nothing', async (_label, id) => {
    const res = await fetch(`${server.url}/entry/${id}/weapp.png`);
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body.error.code).toBe('not_found');
    expect(body.error.message).toMatch(CHINESE);
    expect(await db.conn.collection('entry_codes').countDocuments({ _id: id as never })).toBe(0);
  });
});
