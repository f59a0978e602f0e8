import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

import devConfig from './dev';
import prodConfig from './prod';

/**
 * Taro build configuration. Taro's appPath is the repo root; the client source lives in
 * client/src and each platform gets its own output folder (dist/weapp, dist/alipay, dist/h5).
 * https://docs.taro.zone/docs/next/config-detail
 */

const root = path.resolve(__dirname, '..');

// Taro only transpiles client/src and @tarojs/*; the workspace package is TypeScript (reached
// through its node_modules symlink, resolved to shared/) and zod ships modern ESM syntax.
// A function, not a RegExp: Taro's config check serialises the config to JSON and rejects `{}`.
const compileInclude = [path.join(root, 'shared'), (filename: string) => /[\\/]node_modules[\\/]zod[\\/]/.test(filename)];

// Taro's cache settings list src/app.config as a build dependency, which does not exist here and
// stops webpack from writing the cache at all. These files are what must invalidate it (webpack
// cannot follow the imports of a .ts config, so every config file is listed).
const cacheBuildDependencies = [
  'config/index.ts',
  'config/dev.ts',
  'config/prod.ts',
  'babel.config.js',
  'package.json',
  'client/src/app.config.ts',
].map((file) => path.join(root, file));

function replaceCacheBuildDependencies(chain: { get(key: string): Record<string, unknown> | undefined; cache(value: unknown): unknown }) {
  const cache = chain.get('cache');
  if (cache) chain.cache({ ...cache, buildDependencies: { config: cacheBuildDependencies } });
}

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'regverify',
    designWidth: 750,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'client/src',
    outputRoot: process.env.REGVERIFY_OUTPUT_ROOT ?? `dist/${process.env.TARO_ENV}`,
    // weapp, alipay and h5 platform plugins are registered by the CLI itself from --type.
    plugins: [
      path.join(root, 'config/plugins/accessibleAttributes.ts'),
      path.join(root, 'config/plugins/appIds.ts'),
      path.join(root, 'config/plugins/unusedComponents.ts'),
    ],
    // The Alipay app id of the build, for the record (the Studio association decides which app it is).
    defineConstants: { 'process.env.TARO_APP_ALIPAY_APPID': JSON.stringify(process.env.ALIPAY_APPID ?? '') },
    copy: { patterns: [], options: {} },
    framework: 'react',
    // Prebundling (esbuild, watch builds only) is off: it would skip babel for shared and zod, and
    // in Taro 4.2.0 it crashes against enhanced-resolve 5.27 anyway ("options.roots.map").
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: true },
    // WeChat templates cannot recurse: base.wxml repeats each nestable component's template once
    // per level (Taro writes 16 levels, 71 KB of the main package), and a node past the last level
    // is rendered through the custom component `comp`: slower, still right. The pages' deepest views
    // are at level 4 (page › wrapper › card › tick › the tick's text, on the to-do and failure
    // pages), so levels 0–4 and the container level are what they need. Alipay templates recurse.
    baseLevel: 6,
    mini: {
      compile: { include: compileInclude },
      webpackChain: replaceCacheBuildDependencies,
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      publicPath: '/h5/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      // client/src/index.html writes the style and script tags itself: its shell paints first, the
      // scripts are asked for after that frame.
      htmlPluginOption: { inject: false },
      compile: { include: compileInclude },
      webpackChain: replaceCacheBuildDependencies,
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
  };

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});
