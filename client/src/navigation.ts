import Taro from '@tarojs/taro';

/** Every page route in one place, so a renamed page breaks the type check rather than a tap. */
export const ROUTES = {
  entry: '/pages/entry/index',
  bankcard: '/pages/bankcard/index',
  verify: '/pages/verify/index',
  faceSim: '/subpackages/sandbox/face-sim/index',
  result: '/pages/result/index',
  todos: '/subpackages/tasks/todos/index',
  todo: '/subpackages/tasks/todo/index',
  sign: '/subpackages/tasks/sign/index',
  done: '/subpackages/tasks/done/index',
  support: '/subpackages/more/support/index',
  faq: '/subpackages/more/faq/index',
  privacy: '/subpackages/more/privacy/index',
} as const;

export type Route = keyof typeof ROUTES;

export function routeUrl(route: Route, query: Record<string, string | undefined> = {}): string {
  const parts = Object.keys(query)
    .filter((k) => query[k] !== undefined)
    .map((k) => `${k}=${encodeURIComponent(query[k] as string)}`);
  return parts.length ? `${ROUTES[route]}?${parts.join('&')}` : ROUTES[route];
}

/** A new page on the stack (back returns here). */
export const openPage = (route: Route, query?: Record<string, string | undefined>) => Taro.navigateTo({ url: routeUrl(route, query) });

/** Replaces this page: steps that must not be returned to (a used face check, a finished form). */
export const replacePage = (route: Route, query?: Record<string, string | undefined>) => Taro.redirectTo({ url: routeUrl(route, query) });

/** Starts the stack afresh (重新录入, back to 待办 after finishing). */
export const restartAt = (route: Route, query?: Record<string, string | undefined>) => Taro.reLaunch({ url: routeUrl(route, query) });

export const goBack = () => Taro.navigateBack();

/** Query values arrive encoded on some platforms and decoded on others; decoding twice is harmless here. */
export function queryValue(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
