/**
 * The budgets of the service-window console's scripts, on the build the jest global setup made
 * (dist/bff/public/console): what the sign-in screen loads stays within 200 KB gzipped, every
 * signed-in screen and dialog is a chunk of its own that sign-in does not load, and no script
 * carries zod (the server validates its answers; the console only types them).
 */
import fs from 'node:fs';
import path from 'node:path';
import { BFF_DIST, consoleScripts, type ConsoleScript } from './bffBuild';

const KB = 1024;
/** The sign-in screen: React, Ant Design's core and its form, the API client. */
const SIGN_IN_GZIP_BUDGET = 200 * KB;
/** Every screen and dialog opened once; antd's Table (with its menus, tree and pagination) is most of what sign-in does not load. */
const TOTAL_GZIP_BUDGET = 380 * KB;

const CONSOLE_DIR = path.join(BFF_DIST, 'public', 'console');
const SPLIT_OUT = ['SignedInConsole', 'ReviewList', 'ReviewDetail', 'AuditTrail', 'Alarms', 'Declines', 'RefuseDialog', 'UnlockDialog'];

const gzipOf = (scripts: ConsoleScript[]) => scripts.reduce((total, s) => total + s.gzipBytes, 0);
const listing = (scripts: ConsoleScript[]) => scripts.map((s) => `${s.file} ${(s.gzipBytes / KB).toFixed(1)} KB`).join('\n');

describe('the console build', () => {
  const scripts = consoleScripts(CONSOLE_DIR);
  const signIn = scripts.filter((s) => s.signIn);

  it('keeps what the sign-in screen loads within 200 KB gzipped', () => {
    expect(signIn.map((s) => s.file)).toContain('console.js');
    if (gzipOf(signIn) > SIGN_IN_GZIP_BUDGET) throw new Error(`sign-in loads ${(gzipOf(signIn) / KB).toFixed(1)} KB:\n${listing(signIn)}`);
  });

  it('keeps the whole console within its budget', () => {
    if (gzipOf(scripts) > TOTAL_GZIP_BUDGET)
      throw new Error(`the console is ${(gzipOf(scripts) / KB).toFixed(1)} KB:\n${listing(scripts)}`);
  });

  it.each(SPLIT_OUT)('loads %s only when it shows, from a chunk named by its content', (name) => {
    const chunk = scripts.find((s) => new RegExp(`^${name}-[A-Z0-9]{8}\\.js$`).test(s.file));
    expect(chunk).toMatchObject({ signIn: false });
  });

  it('carries no zod', () => {
    const withZod = scripts.filter((s) => fs.readFileSync(path.join(CONSOLE_DIR, s.file), 'utf8').includes('$ZodType'));
    expect(withZod.map((s) => s.file)).toEqual([]);
  });
});
