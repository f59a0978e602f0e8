import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PUBLIC_DIR } from '../paths';

/** The browser scripts the BFF serves, as the build wrote them under `dist/bff/public`. */
export const ASSETS = {
  /** The browser SDK, global `RegverifyPortal` (`RegverifyPortal.connectMatter(...)`). */
  sdk: 'portal-sdk.js',
  /** The demo portal page's own script: live rendering and the 提交 button; uses the SDK's global. */
  matterPage: 'demo/matter-page.js',
  /** The demo form's script: adding and removing people. */
  demoForm: 'demo/demo-form.js',
  /** The service-window console (React): its entry, which loads the chunks below; and its page. */
  console: 'console/console.js',
  consolePage: 'console/index.html',
} as const;

export type AssetName = keyof typeof ASSETS;

export interface Asset {
  code: string;
  /** Strong ETag of the code. */
  etag: string;
}

const loaded = new Map<AssetName, Asset>();

const assetOf = (code: string): Asset => ({ code, etag: `"${createHash('sha256').update(code).digest('base64url').slice(0, 27)}"` });

/** A built script, read once per process. A missing build is an error that says how to make it. */
export function getAsset(name: AssetName): Asset {
  let asset = loaded.get(name);
  if (!asset) {
    const file = path.join(PUBLIC_DIR, ASSETS[name]);
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run npm run build`);
    asset = assetOf(fs.readFileSync(file, 'utf8'));
    loaded.set(name, asset);
  }
  return asset;
}

/** Every asset exists (checked at boot, so a server without its build refuses to start). */
export function missingAssets(): string[] {
  return Object.values(ASSETS)
    .map((file) => path.join(PUBLIC_DIR, file))
    .filter((file) => !fs.existsSync(file));
}

/** A chunk's file name as the build writes them (`ReviewList-3JQ7ZT2K.js`, `chunk-UU6B27CX.js`): no path, no dot files. */
const CHUNK_NAME = /^[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*\.js$/;

let consoleChunks: Map<string, Asset> | undefined;

/**
 * A chunk of the console's script by its file name, or undefined when the build wrote no such chunk.
 * Only the scripts the build wrote beside the entry are chunks, read once per process: a name is
 * looked up, never joined into a path.
 */
export function getConsoleChunk(file: string): Asset | undefined {
  if (!consoleChunks) {
    const dir = path.join(PUBLIC_DIR, path.dirname(ASSETS.console));
    const entry = path.basename(ASSETS.console);
    consoleChunks = new Map(
      fs
        .readdirSync(dir)
        .filter((name) => CHUNK_NAME.test(name) && name !== entry)
        .map((name) => [name, assetOf(fs.readFileSync(path.join(dir, name), 'utf8'))]),
    );
  }
  return consoleChunks.get(file);
}
