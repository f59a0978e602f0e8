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
  /** The service-window console (React), and its page. */
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

/** A built script, read once per process. A missing build is an error that says how to make it. */
export function getAsset(name: AssetName): Asset {
  let asset = loaded.get(name);
  if (!asset) {
    const file = path.join(PUBLIC_DIR, ASSETS[name]);
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run npm run build`);
    const code = fs.readFileSync(file, 'utf8');
    asset = { code, etag: `"${createHash('sha256').update(code).digest('base64url').slice(0, 27)}"` };
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
