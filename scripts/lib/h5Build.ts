import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildIfStale, REPO } from './sourcesHash';

const INPUTS = ['client/src', 'shared/src', 'config/index.ts', 'config/dev.ts', 'config/prod.ts', 'babel.config.js', 'package-lock.json'];

/**
 * Builds the H5 preview into `outDir` (relative to the repo root; dist/h5 unless told) unless the
 * last build there came from the same sources.
 */
export async function ensureH5Build(log: (line: string) => void, outDir = 'dist/h5'): Promise<void> {
  const stamp = path.join(REPO, outDir, '.build-stamp');
  await buildIfStale(INPUTS, stamp, async () => {
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
    log(`H5 preview built in ${Math.round((Date.now() - started) / 1000)} s`);
  });
}
