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
export const BFF_MAIN = path.join(BFF_DIST, 'main.js');

const INPUTS = ['bff/src', 'bff/package.json', 'shared/src', 'config/runtime', 'package-lock.json', 'scripts/lib/bffBuild.ts'];

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

export async function buildBff(): Promise<void> {
  fs.rmSync(BFF_DIST, { recursive: true, force: true });
  await build({
    entryPoints: [path.join(REPO, 'bff', 'src', 'main.ts')],
    outfile: BFF_MAIN,
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
      outfile: path.join(BFF_DIST, 'public', bundle.file),
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
}

/** Builds the BFF unless `dist/bff` came from the same sources; true when it built. */
export function ensureBffBuild(log: (line: string) => void = () => undefined): Promise<boolean> {
  return buildIfStale(INPUTS, path.join(BFF_DIST, '.build-stamp'), async () => {
    const started = Date.now();
    await buildBff();
    log(`BFF built into dist/bff in ${Date.now() - started} ms`);
  });
}
