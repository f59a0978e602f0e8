/**
 * `npm run operator-secret -- <name>`: a new secret for a service-window operator and the
 * `name:hash:<tenants>` entry for OPERATORS, whose tenant list (`henan+zhengzhou`, or `*`) is
 * yours to fill in. The secret is printed once, for the operator; only the hash goes into the
 * configuration. `-- <name> <secret>` hashes a secret of your own instead.
 */
import { randomBytes } from 'node:crypto';
import { hashOperatorSecret } from '../bff/src/security/operatorSecrets';

async function main(): Promise<void> {
  const [name, given] = process.argv.slice(2);
  if (!name || !/^[a-z0-9_.-]{1,32}$/.test(name)) {
    process.stderr.write('usage: npm run operator-secret -- <name: a-z 0-9 _ . -, up to 32> [secret]\n');
    process.exit(2);
  }
  const secret = given ?? randomBytes(18).toString('base64url');
  const entry = `${name}:${await hashOperatorSecret(secret)}:<tenant+tenant, or *>`;
  process.stdout.write(
    `${given ? '' : `secret for ${name} (give it to them; it is not stored anywhere): ${secret}\n`}OPERATORS entry (comma-separate several): ${entry}\n`,
  );
}

void main();
