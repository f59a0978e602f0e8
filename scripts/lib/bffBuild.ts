/**
 * The BFF's production build: the server as one JavaScript file for Node (`dist/bff/main.js`,
 * with its source map; npm packages stay in node_modules, the workspace's own code is bundled),
 * and the browser scripts it serves (`dist/bff/public/`: the portal SDK and the demo pages'
 * scripts), minified for browsers of 2017 on. esbuild is a build tool only: nothing at run time
 * compiles anything.
 */
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { buildIfStale, REPO } from './sourcesHash';

export const BFF_DIST = path.join(REPO, 'dist', 'bff');

const INPUTS = [
  'bff/src',
  'bff/assets',
  'bff/package.json',
  'shared/src',
  'config/runtime',
  'package-lock.json',
  'scripts/lib/bffBuild.ts',
];

/** The browser scripts: entry (from bff/src/portal) → file under dist/bff/public, and the global it defines. */
export const BROWSER_BUNDLES = [
  { entry: 'sdk/index.ts', file: 'portal-sdk.js', globalName: 'RegverifyPortal' },
  { entry: 'page/browser/matterPage.ts', file: 'demo/matter-page.js' },
  { entry: 'page/browser/demoForm.ts', file: 'demo/demo-form.js' },
] as const;

/** Packages the server imports at run time from node_modules (all but the workspace's own). */
function externals(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'bff', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  return Object.keys(pkg.dependencies).filter((name) => !name.startsWith('@regverify/'));
}

/**
 * Builds into a folder of its own and swaps it in whole: a jest run or a BFF reading `dist/bff`
 * while another run rebuilds never sees it half written.
 */
export async function buildBff(): Promise<void> {
  const out = `${BFF_DIST}.building-${process.pid}`;
  fs.rmSync(out, { recursive: true, force: true });
  await buildInto(out);
  const old = `${BFF_DIST}.old-${process.pid}`;
  if (fs.existsSync(BFF_DIST)) fs.renameSync(BFF_DIST, old);
  fs.renameSync(out, BFF_DIST);
  fs.rmSync(old, { recursive: true, force: true });
}

async function buildInto(dist: string): Promise<void> {
  await build({
    entryPoints: [path.join(REPO, 'bff', 'src', 'main.ts')],
    outfile: path.join(dist, 'main.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: externals().flatMap((name) => [name, `${name}/*`]),
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  for (const bundle of BROWSER_BUNDLES) {
    await build({
      entryPoints: [path.join(REPO, 'bff', 'src', 'portal', bundle.entry)],
      outfile: path.join(dist, 'public', bundle.file),
      bundle: true,
      format: 'iife',
      ...('globalName' in bundle ? { globalName: bundle.globalName } : {}),
      platform: 'browser',
      target: 'es2017',
      minify: true,
      legalComments: 'none',
      charset: 'utf8',
      logLevel: 'warning',
    });
  }
  // The service-window console: React and its UI library, bundled once for desktop browsers.
  await build({
    entryPoints: [path.join(REPO, 'bff', 'src', 'console', 'main.tsx')],
    outfile: path.join(dist, 'public', 'console', 'console.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'warning',
  });
  fs.copyFileSync(path.join(REPO, 'bff', 'src', 'console', 'index.html'), path.join(dist, 'public', 'console', 'index.html'));
}

/** Builds the BFF unless `dist/bff` came from the same sources; true when it built. */
export function ensureBffBuild(log: (line: string) => void = () => undefined): Promise<boolean> {
  return buildIfStale(INPUTS, path.join(BFF_DIST, '.build-stamp'), async () => {
    const started = Date.now();
    await buildBff();
    log(`BFF built into dist/bff in ${Date.now() - started} ms`);
  });
}
