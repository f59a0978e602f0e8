/**
 * The OpenAPI document as portal teams use it: linted by Redocly (recommended rules), and turned
 * into a Go client by oapi-codegen that compiles and talks to the real server — a portal backend
 * in another language, generated from `/api/openapi.json` alone.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { matterRequest, residentId } from '../../test/factories';
import { openTestDatabase } from '../../test/database';
import { startTestServer, type TestServer } from '../../test/server';

const run = promisify(execFile);
const REPO = path.resolve(__dirname, '..', '..', '..');
const GO_CLIENT = path.join(REPO, 'bff', 'test', 'goClient');
const GO = ['/usr/local/go/bin/go', ...(process.env.PATH ?? '').split(':').map((dir) => path.join(dir, 'go'))].find((p) =>
  fs.existsSync(p),
);

describe('the OpenAPI document, for generated clients', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  let dir: string;
  let documentFile: string;

  beforeAll(async () => {
    db = await openTestDatabase();
    // A deployment's own address, as a portal team would download the document from it.
    server = await startTestServer(db.conn, { PUBLIC_URL: 'https://verify.regverify.test' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regverify-openapi-'));
    documentFile = path.join(dir, 'openapi.json');
    fs.writeFileSync(documentFile, await (await fetch(`${server.url}/api/openapi.json`)).text());
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('passes Redocly lint with the recommended rules: no errors, no warnings', async () => {
    const { stdout } = await run('npx', ['redocly', 'lint', documentFile, '--format=json'], { cwd: REPO, maxBuffer: 16 << 20 }).catch(
      (err: { stdout: string }) => ({ stdout: err.stdout }), // exits 1 on errors; the report is still on stdout
    );
    const report = JSON.parse(stdout) as {
      totals: { errors: number };
      problems: Array<{ ruleId: string; severity: string; location: Array<{ pointer: string }> }>;
    };
    const found = report.problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer}`);
    expect(report.totals.errors).toBe(0);
    expect(found).toEqual([]);
  }, 60_000);

  (GO ? it : it.skip)(
    'generates a Go client (oapi-codegen) that compiles and registers, reads and misses a matter against the server',
    async () => {
      const env = { ...process.env, GOFLAGS: '-mod=mod', PATH: `${path.dirname(GO!)}:${process.env.PATH}` };
      await run(GO!, ['tool', 'oapi-codegen', '-generate', 'types,client', '-package', 'goclient', '-o', 'client.gen.go', documentFile], {
        cwd: GO_CLIENT,
        env,
      });
      await run(GO!, ['vet', './...'], { cwd: GO_CLIENT, env });
      const request = matterRequest([{ name: '张三丰', idType: 'resident_id', idNumber: residentId(4242) }]);
      const { stdout } = await run(GO!, ['test', '-count=1', '-v', './...'], {
        cwd: GO_CLIENT,
        env: { ...env, REGVERIFY_URL: server.url, REGVERIFY_PORTAL_KEY: 'demo-portal-key', REGVERIFY_MATTER_JSON: JSON.stringify(request) },
      });
      expect(stdout).toMatch(/--- PASS: TestRegisterReadAndMiss/);
    },
    240_000,
  );
});
