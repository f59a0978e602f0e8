import type { UserConfigExport } from '@tarojs/cli';
import type { IMiniAppConfig, IProjectConfig } from '@tarojs/taro/types/compile';

/**
 * Taro's mini-program defaults turn off most of terser's compress passes (a build-speed trade) and
 * write every non-ASCII character as \uXXXX, 6 bytes where UTF-8 takes 3 for a Chinese character.
 * Both platforms read UTF-8 scripts, and the main package is what every launch downloads: terser's
 * own defaults with two passes, and UTF-8 output, take ~15 KB off it. `comparisons`, `typeofs` and
 * `toplevel` stay off as Taro has them (`typeof wx` checks of undeclared globals stay as written).
 *
 * Taro merges the `mini` section over the project options for mini-program builds, so `terser`
 * here leaves the H5 build alone; its types only know the project-level option.
 */
const mini: IMiniAppConfig<'webpack5'> & Pick<IProjectConfig<'webpack5'>, 'terser'> = {
  terser: {
    enable: true,
    config: {
      compress: {
        arrows: true,
        collapse_vars: true,
        computed_props: true,
        hoist_props: true,
        inline: true,
        loops: true,
        negate_iife: true,
        properties: true,
        reduce_funcs: true,
        reduce_vars: true,
        switches: true,
        passes: 2,
      },
      output: { ascii_only: false },
    },
  },
};

export default {
  mini,
  h5: {},
} satisfies UserConfigExport<'webpack5'>;
