import fs from 'node:fs/promises';

/** Stops the embedded database this run started and removes its data folder. */
export default async function globalTeardown(): Promise<void> {
  const db = (globalThis as { __regverifyDb?: { stop(): Promise<void> } }).__regverifyDb;
  if (!db) return;
  await db.stop();
  if (process.env.REGVERIFY_DB_DATA_DIR) await fs.rm(process.env.REGVERIFY_DB_DATA_DIR, { recursive: true, force: true });
}
