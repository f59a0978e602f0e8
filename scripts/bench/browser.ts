/**
 * In Chromium: from the confirm request's answer to the demo portal page's 提交 button becoming
 * enabled (SDK → socket → page), and the first paint of the H5 build's entry screen.
 */
import type { BrowserContext } from 'playwright-core';
import { launchChromium } from '../lib/chromium';
import { summarize, type Summary } from './env';
import { createMatter, person, prepare } from './flow';

export interface BrowserResult {
  /** confirm answered → #submit enabled in the page */
  unlock: Summary;
  /** confirm sent → #submit enabled */
  unlockFromSend: Summary;
  /** H5 entry screen, cold cache: first contentful paint */
  h5FirstPaint: Summary;
  /** H5 entry screen, cold cache: until the app has drawn its title 登记注册身份验证 (inside #app) */
  h5EntryReady: Summary;
  errors: string[];
}

const wallNow = () => performance.timeOrigin + performance.now();

async function withChromium<T>(fn: (context: BrowserContext) => Promise<T>): Promise<T> {
  const browser = await launchChromium({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  try {
    return await fn(browser.context);
  } finally {
    await browser.close();
  }
}

export async function runBrowser(opts: {
  baseUrl: string;
  trials: number;
  paints: number;
  firstK: number;
  log(msg: string): void;
}): Promise<BrowserResult> {
  const errors: string[] = [];
  const unlock: number[] = [];
  const unlockFromSend: number[] = [];
  const paints: number[] = [];
  const ready: number[] = [];
  await withChromium(async (context) => {
    for (let i = 0; i < opts.trials; i++) {
      const who = person(opts.firstK + i);
      const matterId = await createMatter(opts.baseUrl, who);
      const prepared = await prepare(opts.baseUrl, who, matterId);
      const page = await context.newPage();
      try {
        await page.goto(`${opts.baseUrl}/demo/matters/${matterId}`);
        await page.waitForFunction(
          () => document.querySelector('[data-live=connection-word]')?.textContent?.trim() === '已连接',
          undefined,
          { timeout: 15_000 },
        );
        // The page notes the moment its button turns enabled (wall clock, shared with this process).
        await page.evaluate(() => {
          const button = document.querySelector('#submit') as HTMLButtonElement;
          const w = window as unknown as { enabledAt?: number };
          new MutationObserver(() => {
            if (!button.disabled && w.enabledAt === undefined) w.enabledAt = performance.timeOrigin + performance.now();
          }).observe(button, { attributes: true });
        });
        const sentAt = wallNow();
        const { sentAt: s0, answeredAt: a0 } = await prepared.confirm();
        const answeredAt = sentAt + (a0 - s0);
        await page.waitForFunction(() => (window as unknown as { enabledAt?: number }).enabledAt !== undefined, undefined, {
          timeout: 15_000,
        });
        const enabledAt = await page.evaluate(() => (window as unknown as { enabledAt: number }).enabledAt);
        unlock.push(enabledAt - answeredAt);
        unlockFromSend.push(enabledAt - sentAt);
      } catch (err) {
        errors.push(`unlock trial: ${(err as Error).message.split('\n')[0]}`);
      } finally {
        await page.close();
      }
    }
    opts.log(`Chromium unlock: ${unlock.length} trials`);

    for (let i = 0; i < opts.paints; i++) {
      const page = await context.newPage();
      try {
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
        const t0 = wallNow();
        await page.goto(`${opts.baseUrl}/h5/#/pages/entry/index`);
        // The app's own title, inside #app: not the static shell that the page paints before its scripts.
        await page
          .locator('#app')
          .getByText('登记注册身份验证', { exact: true })
          .filter({ visible: true })
          .first()
          .waitFor({ timeout: 30_000 });
        ready.push(wallNow() - t0);
        const fcp = await page.evaluate(
          () =>
            new Promise<number>((resolve) => {
              new PerformanceObserver((list) => {
                const entry = list.getEntriesByName('first-contentful-paint')[0];
                if (entry) resolve(entry.startTime);
              }).observe({ type: 'paint', buffered: true });
              setTimeout(() => resolve(NaN), 2000);
            }),
        );
        if (Number.isFinite(fcp)) paints.push(fcp);
      } catch (err) {
        errors.push(`H5 first paint: ${(err as Error).message.split('\n')[0]}`);
      } finally {
        await page.close();
      }
    }
  });
  return {
    unlock: summarize(unlock),
    unlockFromSend: summarize(unlockFromSend),
    h5FirstPaint: summarize(paints),
    h5EntryReady: summarize(ready),
    errors,
  };
}
