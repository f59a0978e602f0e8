import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../../scripts/lib/chromium';
import type { MatterView } from '@regverify/shared';
import { apiClient } from '../../test/client';
import { openTestDatabase } from '../../test/database';
import { matterRequest, residentId } from '../../test/factories';
import { SandboxPerson } from '../../test/person';
import { startTestServer, type TestServer } from '../../test/server';

/** Screenshots of each state, for people to look at; the folder is git-ignored. */
const SHOTS = path.resolve(__dirname, '..', '..', '..', 'artifacts', 'portal');
const LIVE_TIMEOUT_MS = 15_000;

jest.setTimeout(180_000);

describe('demo portal page in Chromium: 提交 unlocks live', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let context: BrowserContext;
  /** Script errors, console errors and failed requests of every page, in order. */
  let problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    db = await openTestDatabase();
    server = await startTestServer(db.conn);
    browser = await launchChromium({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    context = browser.context;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await db?.drop();
  });

  /** A page that records script errors, CSP violations and failed requests, and counts its main-frame navigations. */
  async function openPage(url: string): Promise<{ page: Page; navigations: () => number }> {
    problems = [];
    const page = await context.newPage();
    let navigations = 0;
    page.on('framenavigated', (frame) => frame === page.mainFrame() && navigations++);
    page.on('pageerror', (err) => problems.push(err.message));
    // "Failed to load resource" repeats a failed response, which is recorded with its address below.
    page.on('console', (msg) => msg.type() === 'error' && !msg.text().startsWith('Failed to load resource') && problems.push(msg.text()));
    page.on('response', (res) => res.status() >= 400 && problems.push(`${res.status()} ${res.url().replace(server.url, '')}`));
    page.on('requestfailed', (req) => problems.push(`failed ${req.url()}`));
    await page.goto(url);
    return { page, navigations: () => navigations };
  }

  const text = (page: Page, selector: string) => page.locator(selector).first().innerText();
  const waitForText = (page: Page, selector: string, expected: string) =>
    page.waitForFunction(([s, t]) => document.querySelector(s)?.textContent?.trim() === t, [selector, expected] as const, {
      timeout: LIVE_TIMEOUT_MS,
    });
  const submitDisabled = (page: Page) => page.locator('#submit').isDisabled();
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, name), fullPage: true });

  it('follows three people to 可提交 without reloading, then submits', async () => {
    const people = [
      { name: '张三', idType: 'resident_id' as const, idNumber: residentId(501), roles: ['法定代表人', '股东'] },
      { name: '李四', idType: 'resident_id' as const, idNumber: residentId(502), roles: ['监事'] },
      { name: '王五', idType: 'hk_macau_permit' as const, idNumber: 'H12345678', roles: ['财务负责人'] },
    ];
    const created = await apiClient(server.url, 'demo-portal-key').post(
      '/api/portal/matters',
      matterRequest(people, { entityName: '郑州示例科技有限公司' }),
    );
    expect(created.status).toBe(201);
    const matter = created.body.matter as MatterView;

    const { page, navigations } = await openPage(`${server.url}/demo/matters/${matter.id}`);
    await page.evaluate(() => ((window as unknown as { loadMarker: string }).loadMarker = 'first load'));
    await waitForText(page, '[data-live=connection-word]', '已连接');
    expect(await text(page, '[data-live=progress]')).toBe('0/3');
    expect(await text(page, '[data-live=status]')).toBe('待完成 (0/3)');
    expect(await submitDisabled(page)).toBe(true);
    expect(await page.locator('#submit').getAttribute('aria-disabled')).toBe('true');
    // Both codes, the WeChat one loaded (a stand-in drawn by the sandbox).
    expect(await page.locator('.qr').count()).toBe(2);
    await page.waitForFunction(() => ((document.querySelector('img.qr') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0);
    await shot(page, '01-initial.png');

    for (const [i, person] of people.entries()) {
      await new SandboxPerson(server.url, person).throughEntry().then((p) => p.confirm(matter.id));
      const row = `tr[data-task="${matter.participants[i].taskId}"]`;
      await waitForText(page, `${row} [data-live=verify]`, '已实名认证');
      await waitForText(page, `${row} [data-live=sign]`, '已签名');
      await waitForText(page, '[data-live=progress]', `${i + 1}/3`);
      if (i < people.length - 1) {
        expect(await text(page, '[data-live=status]')).toBe(`待完成 (${i + 1}/3)`);
        expect(await submitDisabled(page)).toBe(true);
        // The others are still waiting.
        expect(await text(page, `tr[data-task="${matter.participants[i + 1].taskId}"] [data-live=verify]`)).toBe('待实名认证');
      }
      await shot(page, `0${i + 2}-after-person-${i + 1}.png`);
    }

    await page.waitForFunction(() => !(document.querySelector('#submit') as HTMLButtonElement).disabled, undefined, {
      timeout: LIVE_TIMEOUT_MS,
    });
    expect(await text(page, '[data-live=status]')).toBe('可提交');
    expect(await page.locator('#submit').getAttribute('aria-disabled')).toBeNull();
    await shot(page, '05-enabled.png');

    await page.locator('#submit').click();
    await waitForText(page, '[data-live=status]', '已提交');
    await waitForText(page, '#submit', '已提交');
    expect(await submitDisabled(page)).toBe(true);
    expect(await text(page, '#submit-message')).toBe('业务已提交。');
    await shot(page, '06-submitted.png');

    // The same page all along: one navigation (the first load), and the marker set then is still there.
    expect(navigations()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { loadMarker?: string }).loadMarker)).toBe('first load');
    const after = await apiClient(server.url, 'demo-portal-key').get(`/api/portal/matters/${matter.id}`);
    expect(after.body.status).toBe('submitted');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows 已拒绝 with the reason live when a person declines, and the one who chose the window', async () => {
    const people = [
      { name: '赵六', idType: 'resident_id' as const, idNumber: residentId(511) },
      { name: '钱七', idType: 'resident_id' as const, idNumber: residentId(512) },
    ];
    const created = await apiClient(server.url, 'demo-portal-key').post('/api/portal/matters', matterRequest(people));
    const matter = created.body.matter as MatterView;
    const { page } = await openPage(`${server.url}/demo/matters/${matter.id}`);
    await waitForText(page, '[data-live=connection-word]', '已连接');

    const zhao = await new SandboxPerson(server.url, people[0]).throughEntry();
    const res = await zhao.api.post(`/api/mp/todos/${matter.participants[0].taskId}/decline`, { reason: 'not_mine' });
    expect(res.status).toBe(200);
    const first = `tr[data-task="${matter.participants[0].taskId}"]`;
    await waitForText(page, `${first} [data-live=sign]`, '已拒绝（不是本人办理）');
    expect(await submitDisabled(page)).toBe(true);
    expect(await page.getByText('有人员已拒绝本业务，不能提交；请核实后更新业务文件或撤销业务。').count()).toBeGreaterThan(0);

    const qian = await new SandboxPerson(server.url, people[1]).login();
    await qian.enterIdentity();
    expect((await qian.api.post('/api/mp/verifications', { purpose: 'entry', method: 'window' })).status).toBe(201);
    const second = `tr[data-task="${matter.participants[1].taskId}"]`;
    await waitForText(page, `${second} [data-live=verify]`, '待人工核验（本人选择窗口核验）');
    await shot(page, '07-declined-and-window.png');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('creates a matter from the demo form (a fourth person added) and lands on its live page', async () => {
    const { page } = await openPage(`${server.url}/demo`);
    expect(await page.locator('fieldset.person-set:not([disabled])').count()).toBe(3);
    await shot(page, '07-demo-form.png');
    await page.getByRole('button', { name: '添加人员' }).click();
    expect(await page.locator('fieldset.person-set:not([disabled])').count()).toBe(4);
    await page.getByRole('button', { name: '创建业务并进入提交页面' }).click();
    await page.waitForURL(/\/demo\/matters\/[^/]+$/);
    await waitForText(page, '[data-live=connection-word]', '已连接');
    expect(await text(page, '[data-live=progress]')).toBe('0/4');
    expect(await text(page, 'h1')).toBe('业务提交');
    expect(await page.locator('tbody tr').count()).toBe(4);
    expect(await submitDisabled(page)).toBe(true);
    await shot(page, '08-demo-created.png');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows the form again with the Chinese error when a number is wrong', async () => {
    const { page } = await openPage(`${server.url}/demo`);
    await page.getByRole('button', { name: '删除人员3' }).click();
    await page.locator('#f-people-1-idNumber').fill('11010519491231002Y');
    await page.getByRole('button', { name: '创建业务并进入提交页面' }).click();
    await page.waitForSelector('#form-errors');
    expect(await text(page, '#form-errors')).toContain('人员2 证件号码');
    expect(await page.locator('#f-people-1-idNumber').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#f-people-1-idNumber').inputValue()).toBe('11010519491231002Y');
    expect(await page.locator('fieldset.person-set:not([disabled])').count()).toBe(2);
    await shot(page, '09-demo-form-error.png');
    expect(problems).toEqual(['400 /demo/matters']);
    await page.close();
  });
});
