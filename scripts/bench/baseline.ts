/**
 * The baseline of a comparing run (`BENCH_BASELINE=<git ref> npm run bench`): that commit checked
 * out in a worktree of its own under .data/bench-baseline/, its packages installed from the lock
 * file it names, and its own build commands run there — so each row measures the two commits side
 * by side on the same machine, in the same run, against the same database process.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from './env';

/** One of the two commits a run measures: where it is checked out and built, and its short id. */
export interface Side {
  name: 'current' | 'baseline';
  /** The checkout whose build runs: this one, or the baseline's worktree. */
  root: string;
  commit: string;
  /** The ref as given (`HEAD` for the current side). */
  ref: string;
}

const git = (args: string[], cwd = REPO) => {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr.trim()}`);
  return r.stdout.trim();
};

const run = (command: string, args: string[], cwd: string, log: (m: string) => void) => {
  log(`${path.relative(REPO, cwd) || '.'}: ${command} ${args.join(' ')}`);
  const r = spawnSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', timeout: 20 * 60_000 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${(r.stderr ?? '').slice(-2000)}`);
};

export const currentSide = (): Side => ({ name: 'current', root: REPO, commit: git(['rev-parse', '--short', 'HEAD']), ref: 'HEAD' });

/**
 * Checks out `ref` in .data/bench-baseline/<commit>, installs its packages (`npm ci`, once) and
 * builds its BFF (`npm run build`) — again on every run unless BENCH_REUSE_BUILD is set. The H5 and
 * mini-program builds are made where a row needs them (`buildIn`).
 */
export function prepareBaseline(ref: string, log: (m: string) => void): Side {
  const commit = git(['rev-parse', '--short=12', `${ref}^{commit}`]);
  const root = path.join(REPO, '.data', 'bench-baseline', commit);
  if (!fs.existsSync(path.join(root, 'package.json'))) {
    fs.mkdirSync(path.dirname(root), { recursive: true });
    git(['worktree', 'prune']);
    git(['worktree', 'add', '--detach', '--force', root, commit]);
  }
  if (!fs.existsSync(path.join(root, 'node_modules', '.package-lock.json')))
    run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts'], root, log);
  buildIn(root, 'build', path.join(root, 'dist', 'bff', 'main.js'), log);
  return { name: 'baseline', root, commit, ref };
}

/** `npm run <script>` in a checkout, unless BENCH_REUSE_BUILD is set and `output` exists. */
export function buildIn(root: string, script: string, output: string, log: (m: string) => void): void {
  if (process.env.BENCH_REUSE_BUILD && fs.existsSync(output)) return;
  run('npm', ['run', script], root, log);
  if (!fs.existsSync(output)) throw new Error(`npm run ${script} in ${root} made no ${output}`);
}

/**
 * A figure of one side divided by the same figure of the other: below 1 is smaller (faster,
 * lighter). None where the baseline is not above zero (a push that beat the HTTP answer).
 */
export const ratio = (current: number | undefined, baseline: number | undefined): number =>
  current !== undefined && baseline !== undefined && Number.isFinite(current) && Number.isFinite(baseline) && baseline > 0 && current >= 0
    ? current / baseline
    : NaN;
