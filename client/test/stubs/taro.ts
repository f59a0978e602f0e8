/**
 * A stand-in for @tarojs/taro in jsdom tests: navigation records calls, the selector query hands
 * out a fake Canvas 2D node, lifecycle hooks run once on mount.
 */
import { useEffect } from 'react';

let routerParams: Record<string, string> = {};

/** Sets what `useRouter().params` returns for the next render. */
export function __setRouterParams(params: Record<string, string>) {
  routerParams = params;
}

export const useRouter = () => ({ params: routerParams, path: '' });
// Runs once on mount, as the first show of a page does.
export const useDidShow = (fn: () => void) => useEffect(() => fn(), []);
export const useLaunch = useDidShow;
export const useLoad = useDidShow;
export const usePullDownRefresh = (_fn: () => void) => undefined;

/** The fake 2D context records strokes so tests can see that drawing reached the canvas. */
export function fakeCanvas() {
  const ctx = {
    scale: jest.fn(),
    setTransform: jest.fn(),
    beginPath: jest.fn(),
    moveTo: jest.fn(),
    lineTo: jest.fn(),
    stroke: jest.fn(),
    clearRect: jest.fn(),
    lineWidth: 0,
    lineCap: '',
    lineJoin: '',
    strokeStyle: '',
  };
  return { width: 0, height: 0, ctx, getContext: () => ctx };
}

export let lastCanvas = fakeCanvas();

const Taro = {
  navigateTo: jest.fn(async (_o: { url: string }) => ({ errMsg: 'ok' })),
  redirectTo: jest.fn(async (_o: { url: string }) => ({ errMsg: 'ok' })),
  reLaunch: jest.fn(async (_o: { url: string }) => ({ errMsg: 'ok' })),
  navigateBack: jest.fn(async () => ({ errMsg: 'ok' })),
  stopPullDownRefresh: jest.fn(),
  getSystemInfoSync: () => ({ pixelRatio: 2 }),
  getStorageSync: jest.fn(() => ''),
  setStorageSync: jest.fn(),
  removeStorageSync: jest.fn(),
  createSelectorQuery() {
    const query = {
      select: () => query,
      fields: () => query,
      exec: (cb: (res: unknown[]) => void) => {
        lastCanvas = fakeCanvas();
        cb([{ node: lastCanvas, width: 300, height: 200, left: 0, top: 0 }]);
      },
    };
    return query;
  },
};

export default Taro;
