import { mergeInternalComponents } from '@tarojs/shared';
import aria from './accessibleAttributes.json';

/**
 * Accessible names in the mini-programs. Taro 4.2's WeChat and Alipay templates leave out `aria-*`
 * attributes; `config/plugins/accessibleAttributes.ts` adds the ones listed in
 * accessibleAttributes.json to the templates at build time, and the runtime must know the same
 * attributes, in the same order, to bind them. Called once at app start, before any page renders.
 */
export function registerAccessibleAttributes(): void {
  if (process.env.TARO_ENV === 'h5') return;
  const attributes = Object.fromEntries(aria.attributes.map((a) => [a, '']));
  mergeInternalComponents(Object.fromEntries(aria.components.map((c) => [c, { ...attributes }])));
}
