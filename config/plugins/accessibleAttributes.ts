import type { IPluginContext } from '@tarojs/service';
import aria from '../../client/src/accessibleAttributes.json';

type Platform = { template?: { mergeComponents(ctx: IPluginContext, patch: Record<string, Record<string, string>>): void } };

/**
 * Build half of client/src/accessibleAttributes.ts: adds the `aria-*` attributes to the mini-program
 * templates. Mini-program platforms call ctx.onSetupClose(platform) after their own template changes.
 */
export default (ctx: IPluginContext) => {
  ctx.registerMethod('onSetupClose', (platform: Platform) => {
    const attributes = Object.fromEntries(aria.attributes.map((a) => [a, '']));
    platform.template?.mergeComponents(ctx, Object.fromEntries(aria.components.map((c) => [c, { ...attributes }])));
  });
};
