/**
 * The BFF's production build: the server as one JavaScript file for Node (`dist/bff/main.js`,
 * with its source map; npm packages stay in node_modules, the workspace's own code is bundled),
 * and the browser scripts it serves (`dist/bff/public/`: the portal SDK and the demo pages'
 * scripts), minified for browsers of 2017 on. esbuild is a build tool only: nothing at run time
 * compiles anything.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { build, buildSync } from 'esbuild';
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
  await buildConsole(path.join(dist, 'public', 'console'));
}

/**
 * The service-window console: React and Ant Design for desktop browsers, as ES modules split by
 * screen. `console.js` (the entry, at a stable address) holds the sign-in screen; each signed-in
 * screen and dialog is a chunk of its own, and code they share is a chunk too. Chunk names carry
 * the hash of their content, so the server can let browsers keep them.
 */
async function buildConsole(outdir: string): Promise<void> {
  await build({
    entryPoints: { console: path.join(REPO, 'bff', 'src', 'console', 'main.tsx') },
    outdir,
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'warning',
  });
  fs.copyFileSync(path.join(REPO, 'bff', 'src', 'console', 'index.html'), path.join(outdir, 'index.html'));
}

/** A script of a console build: its file name, its size as written and gzipped. */
export interface ConsoleScript {
  file: string;
  bytes: number;
  gzipBytes: number;
  /** The sign-in screen loads it: the entry, or a chunk the entry imports statically (through other chunks too). */
  signIn: boolean;
}

/**
 * The scripts of a console build (by default this checkout's): every one, and which of them the
 * sign-in screen loads — the signed-in screens come later, by dynamic import. esbuild reads the
 * imports of the built files; a build of one script (the console before it was split) is its own
 * sign-in screen.
 */
export function consoleScripts(dir = path.join(BFF_DIST, 'public', 'console')): ConsoleScript[] {
  const { metafile } = buildSync({
    entryPoints: ['console.js'],
    absWorkingDir: dir,
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    logLevel: 'silent',
  });
  const signIn = new Set<string>();
  const load = (file: string) => {
    if (signIn.has(file)) return;
    signIn.add(file);
    for (const imported of metafile.inputs[file].imports) if (imported.kind === 'import-statement') load(imported.path);
  };
  load('console.js');
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.js'))
    .map((file) => {
      const code = fs.readFileSync(path.join(dir, file));
      return { file, bytes: code.length, gzipBytes: zlib.gzipSync(code).length, signIn: signIn.has(file) };
    });
}

/** Builds the BFF unless `dist/bff` came from the same sources; true when it built. */
export function ensureBffBuild(log: (line: string) => void = () => undefined): Promise<boolean> {
  return buildIfStale(INPUTS, path.join(BFF_DIST, '.build-stamp'), async () => {
    const started = Date.now();
    await buildBff();
    log(`BFF built into dist/bff in ${Date.now() - started} ms`);
  });
}
