import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..');
const INPUTS = ['client/src', 'shared/src', 'config/index.ts', 'config/dev.ts', 'config/prod.ts', 'babel.config.js', 'package-lock.json'];

/** Hash of everything the H5 build reads, so an unchanged tree is not rebuilt at every start. */
function sourcesHash(): string {
  const hash = createHash('sha256');
  const walk = (p: string) => {
    const full = path.join(REPO, p);
    if (!fs.existsSync(full)) return;
    const stat = fs.statSync(full);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(full).sort()) if (!entry.endsWith('.test.ts') && !entry.endsWith('.test.tsx')) walk(path.join(p, entry));
    } else {
      hash.update(p).update(fs.readFileSync(full));
    }
  };
  INPUTS.forEach(walk);
  return hash.digest('hex');
}

/**
 * Builds the H5 preview into `outDir` (relative to the repo root; dist/h5 unless told) unless the
 * last build there came from the same sources.
 */
export async function ensureH5Build(log: (line: string) => void, outDir = 'dist/h5'): Promise<void> {
  const stamp = path.join(REPO, outDir, '.build-stamp');
  const want = sourcesHash();
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want) return;
  log('building the H5 preview (about a minute)…');
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn('npx', ['taro', 'build', '--type', 'h5'], {
      cwd: REPO,
      env: { ...process.env, NODE_ENV: 'production', REGVERIFY_OUTPUT_ROOT: outDir },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`H5 build failed (exit ${code}):\n${stderr}`))));
  });
  fs.writeFileSync(stamp, want);
  log(`H5 preview built in ${Math.round((Date.now() - started) / 1000)} s`);
}
