import fs from 'node:fs';
import path from 'node:path';

/**
 * The application's root folder: the nearest one above this module whose package.json is the
 * project's (the repository root; the same from `bff/src` under tsx and from the built `dist/bff`).
 */
function findAppRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'regverify') return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

export const APP_ROOT = findAppRoot(__dirname);

/** The browser scripts built by `npm run build` (`scripts/lib/bffBuild.ts`). */
export const PUBLIC_DIR = path.join(APP_ROOT, 'dist', 'bff', 'public');
