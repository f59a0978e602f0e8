import Taro from '@tarojs/taro';
import type { HttpResponse, PlatformPort } from './port';

/** Parts that Taro already makes the same on every platform. */
export const taroStorage: PlatformPort['storage'] = {
  get: (key) => {
    const value = Taro.getStorageSync(key);
    return typeof value === 'string' && value !== '' ? value : null;
  },
  set: (key, value) => Taro.setStorageSync(key, value),
  remove: (key) => Taro.removeStorageSync(key),
};

export async function taroRequest(options: Parameters<PlatformPort['request']>[0]): Promise<HttpResponse> {
  const res = await Taro.request({
    url: options.url,
    method: options.method,
    data: options.data,
    header: { 'content-type': 'application/json', ...options.headers },
    dataType: 'json',
    timeout: 15000,
  });
  return { status: res.statusCode, data: res.data };
}
