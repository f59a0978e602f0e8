import { ensureBffBuild } from '../scripts/lib/bffBuild';
import { startEmbeddedDb } from '../scripts/lib/embedded-db';
import path from 'node:path';

/**
 * Gives every test worker a database: MONGODB_URI when set, otherwise an embedded FerretDB started
 * for this run (its own data folder, stopped by the global teardown). Throws — failing the run —
 * when the database cannot start.
 */
export default async function globalSetup(): Promise<void> {
  // The browser scripts the BFF serves, and the built BFF the process tests start.
  await ensureBffBuild((line) => console.log(`\n[build] ${line}`));
  if (process.env.MONGODB_URI) {
    process.env.REGVERIFY_DB_LABEL = 'MongoDB at MONGODB_URI';
    console.log('\n[db] using MONGODB_URI');
    return;
  }
  const started = Date.now();
  const dataDir = path.join(__dirname, '..', '.data', `ferretdb-test-${process.pid}`);
  const db = await startEmbeddedDb({ dataDir, reuse: false, parentPid: process.pid });
  (globalThis as { __regverifyDb?: typeof db }).__regverifyDb = db;
  process.env.MONGODB_URI = db.uri;
  process.env.REGVERIFY_DB_LABEL = 'embedded FerretDB';
  process.env.REGVERIFY_DB_DATA_DIR = dataDir;
  console.log(`\n[db] embedded FerretDB at ${db.uri} (pid ${db.pid}, ready in ${Date.now() - started} ms)`);
}
