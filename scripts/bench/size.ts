/**
 * Mini-program size from the built outputs (dist/weapp, dist/alipay): the main package as the size
 * test in client/build.test.ts counts it (every file outside subpackages/), the total, the shared
 * files and each page's own files. Builds a platform with `npm run build:<platform>` if its dist is missing.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { consoleScripts } from '../lib/bffBuild';
import { REPO } from './env';

export interface PlatformSize {
  platform: 'weapp' | 'alipay';
  builtAt: string;
  built: boolean;
  mainBytes: number;
  subpackageBytes: number;
  totalBytes: number;
  /** files of the main package outside pages/ (runtime, vendors, common chunk, app files) */
  sharedBytes: number;
  pages: Array<{ page: string; package: 'main' | string; bytes: number }>;
}

function filesOf(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesOf(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

const bytesOf = (files: string[]) => files.reduce((s, f) => s + fs.statSync(f).size, 0);

export function measureSize(platform: 'weapp' | 'alipay', log: (m: string) => void, root = REPO): PlatformSize | null {
  const dist = path.join(root, 'dist', platform);
  // Built by this run, so the figures are those of the sources (BENCH_REUSE_BUILD=1 measures dist/ as it is).
  let built = false;
  if (!process.env.BENCH_REUSE_BUILD || !fs.existsSync(path.join(dist, 'app.json'))) {
    log(`npm run build:${platform}`);
    const r = spawnSync('npm', ['run', `build:${platform}`], { cwd: root, stdio: 'ignore', timeout: 600_000 });
    if (r.status !== 0 || !fs.existsSync(path.join(dist, 'app.json'))) return null;
    built = true;
  }
  const app = JSON.parse(fs.readFileSync(path.join(dist, 'app.json'), 'utf8')) as {
    pages: string[];
    subPackages?: Array<{ root: string; pages: string[] }>;
  };
  const all = filesOf(dist);
  const rel = (f: string) => path.relative(dist, f);
  const main = all.filter((f) => !rel(f).startsWith('subpackages'));
  const pageFiles = (page: string) => all.filter((f) => rel(f).startsWith(page + '.'));
  const pages = [
    ...app.pages.map((p) => ({ page: p, package: 'main', bytes: bytesOf(pageFiles(p)) })),
    ...(app.subPackages ?? []).flatMap((sp) =>
      sp.pages.map((p) => ({ page: `${sp.root}/${p}`, package: sp.root, bytes: bytesOf(pageFiles(`${sp.root}/${p}`)) })),
    ),
  ];
  const mainPagesBytes = pages.filter((p) => p.package === 'main').reduce((s, p) => s + p.bytes, 0);
  const mainBytes = bytesOf(main);
  const totalBytes = bytesOf(all);
  return {
    platform,
    builtAt: fs.statSync(path.join(dist, 'app.json')).mtime.toISOString(),
    built,
    mainBytes,
    subpackageBytes: totalBytes - mainBytes,
    totalBytes,
    sharedBytes: mainBytes - mainPagesBytes,
    pages,
  };
}

/** The service-window console's scripts, in bytes as written and gzipped (zlib's default level). */
export interface ConsoleSize {
  /** The entry and the chunks it imports statically: what the sign-in screen loads. */
  signInBytes: number;
  signInGzipBytes: number;
  signInFiles: number;
  /** Every script of the console: the sign-in screen's and every screen and dialog opened once. */
  totalBytes: number;
  totalGzipBytes: number;
  totalFiles: number;
}

/**
 * The console as built in `root` (dist/bff/public/console; a baseline's worktree as well, where the
 * console may be one script); null when that checkout has no BFF build.
 */
export function measureConsoleSize(root = REPO): ConsoleSize | null {
  const dir = path.join(root, 'dist', 'bff', 'public', 'console');
  if (!fs.existsSync(path.join(dir, 'console.js'))) return null;
  const scripts = consoleScripts(dir);
  const signIn = scripts.filter((s) => s.signIn);
  const sum = (list: typeof scripts, key: 'bytes' | 'gzipBytes') => list.reduce((total, s) => total + s[key], 0);
  return {
    signInBytes: sum(signIn, 'bytes'),
    signInGzipBytes: sum(signIn, 'gzipBytes'),
    signInFiles: signIn.length,
    totalBytes: sum(scripts, 'bytes'),
    totalGzipBytes: sum(scripts, 'gzipBytes'),
    totalFiles: scripts.length,
  };
}
