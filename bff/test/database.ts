import { randomBytes } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';

/**
 * A fresh database on the run's server (embedded FerretDB or MONGODB_URI) for one test file;
 * `drop()` removes it. Test files never share data, so they can run in parallel.
 */
export async function openTestDatabase(): Promise<{ conn: Connection; uri: string; dbName: string; drop(): Promise<void> }> {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set: run tests through jest, whose global setup starts the database');
  const dbName = `test_${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(4).toString('hex')}`;
  const conn = await mongoose.createConnection(uri, { dbName, bufferCommands: false, serverSelectionTimeoutMS: 5000 }).asPromise();
  return {
    conn,
    uri,
    dbName,
    drop: async () => {
      await conn.dropDatabase().catch(() => undefined);
      await conn.close();
    },
  };
}

/** Which server the database tests run against, as the global setup named it. */
export const databaseLabel = (): string => process.env.REGVERIFY_DB_LABEL ?? 'MongoDB';
