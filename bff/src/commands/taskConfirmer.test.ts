import { createHash } from 'node:crypto';
import { openTestDatabase } from '../../test/database';
import { residentId, signaturePng } from '../../test/factories';
import { portalFixtures } from '../../test/person';
import { startTestServer, type TestServer } from '../../test/server';

let n = 0;

describe('evidence stays whole', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  const { portal, pendingTask, confirm } = portalFixtures(
    () => server.url,
    () => ({ name: '张三丰', idType: 'resident_id', idNumber: residentId(860 + n++) }),
  );

  beforeAll(async () => {
    db = await openTestDatabase();
    server = await startTestServer(db.conn);
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  it.each([1, 2, 3])(
    'under simultaneous confirms carrying different signatures, the stored signature is the one the audit event records (run %i)',
    async () => {
      const { matter, person, taskId, documentsDigest } = await pendingTask();
      const verificationId = await person.passTaskCheck(taskId);
      // Six confirmations at once, each with its own drawing (different widths: different PNGs).
      const signatures = Array.from({ length: 6 }, (_, i) => signaturePng(300 + i));
      const answers = await Promise.all(
        signatures.map((signature) => confirm(person, taskId, { verificationId, documentsDigest, signature })),
      );
      expect(answers.filter((a) => a.status === 200)).toHaveLength(1);

      const events = await server.services.models.MatterEvent.find({ matterId: matter.id, type: 'task.confirmed' }).lean();
      expect(events).toHaveLength(1);
      const recorded = (events[0].data as { signatureSha256: string }).signatureSha256;

      const download = await portal().raw(`/api/portal/matters/${matter.id}/tasks/${taskId}/signature`, {
        headers: { authorization: 'Bearer demo-portal-key' },
      });
      expect(download.status).toBe(200);
      const png = Buffer.from(await download.arrayBuffer());
      expect(createHash('sha256').update(png).digest('hex')).toBe(recorded);
      // And it is one of the signatures sent, the one the accepted confirmation carried.
      const sent = signatures.map((s) =>
        createHash('sha256')
          .update(Buffer.from(s.split(',')[1], 'base64'))
          .digest('hex'),
      );
      expect(sent).toContain(recorded);
    },
  );
});
