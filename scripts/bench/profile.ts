/** Reads a V8 `.cpuprofile` (node --cpu-prof) into where the BFF's CPU time went. */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

export interface ProfileSummary {
  /** busy time (everything but idle), ms */
  busyMs: number;
  /** by package (`node_modules/<name>`), our folders (`bff/src/<folder>`), Node internals, GC */
  groups: Array<{ name: string; ms: number; share: number }>;
  /** functions with the most self time */
  functions: Array<{ name: string; where: string; ms: number; share: number }>;
}

function groupOf(url: string, fn: string): string {
  if (fn === '(garbage collector)') return 'garbage collection';
  if (fn === '(program)') return 'V8/native (program)';
  if (!url) return 'native';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const ours = /\/(bff|shared)\/src\/([^/]+)/.exec(url);
  if (ours) return `${ours[1]}/src/${ours[2].replace(/\.ts$/, '')}`;
  if (url.startsWith('node:'))
    return `node:${url.slice(5).split('/')[0] === 'internal' ? url.slice(5).split('/').slice(0, 2).join('/') : url.slice(5)}`;
  return 'other';
}

export function summarizeProfile(file: string, top = 12): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    nodes: ProfileNode[];
    startTime: number;
    endTime: number;
    samples: number[];
  };
  const totalHits = profile.nodes.reduce((n, x) => n + (x.hitCount ?? 0), 0);
  const msPerHit = (profile.endTime - profile.startTime) / 1000 / Math.max(1, totalHits);
  const groups = new Map<string, number>();
  const fns = new Map<string, { name: string; where: string; ms: number }>();
  let busy = 0;
  for (const n of profile.nodes) {
    const ms = (n.hitCount ?? 0) * msPerHit;
    if (!ms || n.callFrame.functionName === '(idle)') continue;
    busy += ms;
    const g = groupOf(n.callFrame.url, n.callFrame.functionName);
    groups.set(g, (groups.get(g) ?? 0) + ms);
    const where = n.callFrame.url
      ? `${n.callFrame.url.replace(/^.*?(node_modules\/|bff\/src\/|shared\/src\/)/, '$1')}:${n.callFrame.lineNumber + 1}`
      : '';
    const key = `${n.callFrame.functionName}@${where}`;
    const f = fns.get(key) ?? { name: n.callFrame.functionName || '(anonymous)', where, ms: 0 };
    f.ms += ms;
    fns.set(key, f);
  }
  const share = (ms: number) => ms / Math.max(busy, 1e-9);
  return {
    busyMs: busy,
    groups: [...groups]
      .map(([name, ms]) => ({ name, ms, share: share(ms) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top),
    functions: [...fns.values()]
      .map((f) => ({ ...f, share: share(f.ms) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top),
  };
}
