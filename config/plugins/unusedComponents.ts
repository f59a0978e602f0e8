import type { IPluginContext } from '@tarojs/service';

/**
 * Taro writes a template into the mini-program's base template for every component it finds in
 * the pages, and a few it adds whatever the pages use: `scroll-view` is one, and no page of ours
 * has one (its template is 9 KB of the WeChat main package). A page that starts using ScrollView
 * is found again by Taro's own scan of the pages.
 */
export default (ctx: IPluginContext) => {
  (
    ctx as IPluginContext & { modifyComponentConfig(fn: (opts: { componentConfig: { includes: Set<string> } }) => void): void }
  ).modifyComponentConfig(({ componentConfig }) => {
    componentConfig.includes.delete('scroll-view');
  });
};
