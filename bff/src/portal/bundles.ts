import { createHash } from 'node:crypto';
import path from 'node:path';
import { build } from 'esbuild';

/** The browser scripts the BFF serves, each built from TypeScript source on first request. */
export const BUNDLES = {
  /** The browser SDK, global `RegverifyPortal` (`RegverifyPortal.connectMatter(...)`). */
  sdk: { entry: path.join(__dirname, 'sdk', 'index.ts'), globalName: 'RegverifyPortal' },
  /** The demo portal page's own script: live rendering and the 提交 button; uses the SDK's global. */
  matterPage: { entry: path.join(__dirname, 'page', 'browser', 'matterPage.ts'), globalName: undefined },
  /** The demo form's script: adding and removing people. */
  demoForm: { entry: path.join(__dirname, 'page', 'browser', 'demoForm.ts'), globalName: undefined },
} as const;

export type BundleName = keyof typeof BUNDLES;

export interface Bundle {
  code: string;
  /** Strong ETag of the code. */
  etag: string;
}

const built = new Map<BundleName, Promise<Bundle>>();

/**
 * A minified IIFE for browsers of 2017 on (es2017). Built once per process and kept in memory; a
 * failed build is forgotten so that the next request tries again.
 */
export function getBundle(name: BundleName): Promise<Bundle> {
  let bundle = built.get(name);
  if (!bundle) {
    const { entry, globalName } = BUNDLES[name];
    bundle = build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'iife',
      ...(globalName ? { globalName } : {}),
      platform: 'browser',
      target: 'es2017',
      minify: true,
      legalComments: 'none',
      charset: 'utf8',
      logLevel: 'silent',
    }).then((result) => {
      const code = result.outputFiles[0].text;
      return { code, etag: `"${createHash('sha256').update(code).digest('base64url').slice(0, 27)}"` };
    });
    built.set(name, bundle);
    bundle.catch(() => built.delete(name));
  }
  return bundle;
}
