import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..');

/** Hash of every file under `inputs` (relative to the repo root) but tests, so an unchanged tree is not rebuilt. */
export function sourcesHash(inputs: readonly string[]): string {
  const hash = createHash('sha256');
  const walk = (p: string) => {
    const full = path.join(REPO, p);
    if (!fs.existsSync(full)) return;
    const stat = fs.statSync(full);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(full).sort()) if (!/\.test\.tsx?$/.test(entry)) walk(path.join(p, entry));
    } else {
      hash.update(p).update(fs.readFileSync(full));
    }
  };
  inputs.forEach(walk);
  return hash.digest('hex');
}

/** Runs `build` unless the stamp in `stampFile` says the last build came from the same inputs. */
export async function buildIfStale(inputs: readonly string[], stampFile: string, build: () => Promise<void>): Promise<boolean> {
  const want = sourcesHash(inputs);
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === want) return false;
  await build();
  fs.mkdirSync(path.dirname(stampFile), { recursive: true });
  fs.writeFileSync(stampFile, want);
  return true;
}
