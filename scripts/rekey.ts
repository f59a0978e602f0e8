/**
 * `npm run rekey`: re-encrypts every ciphertext under the newest data key (the first of
 * DATA_KEYS), with the BFF's own configuration from the environment (MONGODB_URI, DATA_KEYS, …).
 * Safe while the BFF runs; afterwards the older keys can be dropped from DATA_KEYS.
 * `npm run rekey -- --lookup` also rewrites every lookup hash under LOOKUP_KEY, the old key given as
 * LOOKUP_KEY_PREVIOUS (to the nodes too, while it runs). docs/operations.md → key rotation.
 */
import { ConfigError, loadConfig } from '../config/runtime';
import { createDatabase } from '../bff/src/db/connection';
import { rekeyAll } from '../bff/src/jobs/rekey';
import { createLogger } from '../bff/src/logger';
import { createServices } from '../bff/src/services';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const lookup = process.argv.includes('--lookup');
  if (lookup && !config.LOOKUP_KEY_PREVIOUS) {
    process.stderr.write('--lookup needs LOOKUP_KEY_PREVIOUS (the key being retired) beside the new LOOKUP_KEY\n');
    process.exit(1);
  }
  const logger = createLogger(config.LOG_LEVEL);
  const db = createDatabase();
  await db.openUri(config.MONGODB_URI);
  const services = createServices({ config, logger, db });
  const report = await rekeyAll(services, { lookup });
  process.stdout.write(`rekeyed to ${services.vault.currentKeyId}${lookup ? ' and the new lookup key' : ''}: ${JSON.stringify(report)}\n`);
  await db.close();
}

main().catch((err) => {
  process.stderr.write(`rekey failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
