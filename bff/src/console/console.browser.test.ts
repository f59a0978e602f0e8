/**
 * The service-window console (登记窗口人工核验台) in a real Chromium under its own CSP: an operator
 * signs in with their own secret, sees their tenant's people waiting for manual review, searches,
 * approves (and the portal's page unlocks 提交 live), refuses with a reason, reads a matter's audit
 * trail with the check of its hash chain, and signs out; an idle session sends them back to sign-in,
 * and a screen whose script cannot load says to reload.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { MatterView } from '@regverify/shared';
import { launchChromium, watchCspViolations } from '../../../scripts/lib/chromium';
import { apiClient } from '../../test/client';
import { openTestDatabase } from '../../test/database';
import { matterRequest } from '../../test/factories';
import { startTestServer, type TestServer } from '../../test/server';
import { hashOperatorSecret } from '../security/operatorSecrets';

/** Screenshots of each screen, for people to look at; the folder is git-ignored. */
const SHOTS = path.resolve(__dirname, '..', '..', '..', 'artifacts', 'console');
const LIVE_TIMEOUT_MS = 15_000;
const SECRET = 'wang-secret-0001';

jest.setTimeout(180_000);

let n = 0;
/** A traveller with a passport: the face check cannot read it, so they need manual review. */
const traveller = (name: string) => ({ name, idType: 'passport' as const, idNumber: `E1${String(7100000 + n++).padStart(7, '0')}` });

describe('service-window console in Chromium', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let context: BrowserContext;
  let csp: string[];
  /** Script errors, console errors and answers ≥ 400 of every page of the current test, in order. */
  let problems: string[] = [];
  /** Moves the server's clock (idle sessions). */
  let offsetMs = 0;
  const portal = (key = 'demo-portal-key') => apiClient(server.url, key);

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    db = await openTestDatabase();
    server = await startTestServer(
      db.conn,
      {
        PORTAL_KEYS: 'demo:demo-portal-key,other:other-portal-key-1',
        // 王 reviews the demo portal's people only.
        OPERATORS: `wang:${await hashOperatorSecret(SECRET)}:demo`,
      },
      { now: () => new Date(Date.now() + offsetMs) },
    );
    browser = await launchChromium({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    context = browser.context;
    csp = await watchCspViolations(context);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await db?.drop();
  });

  beforeEach(() => {
    problems = [];
    csp.length = 0;
    offsetMs = 0;
  });

  /** A page of this context that records its script errors and failed answers into `problems`. */
  async function openPage(url: string): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (err) => problems.push(err.message));
    // "Failed to load resource" repeats a failed answer, which is recorded with its address below.
    page.on('console', (msg) => msg.type() === 'error' && !msg.text().startsWith('Failed to load resource') && problems.push(msg.text()));
    page.on('response', (res) => {
      if (res.status() >= 400) problems.push(`${res.request().method()} ${res.status()} ${res.url().replace(server.url, '')}`);
    });
    page.on('requestfailed', (req) => problems.push(`failed ${req.url()}`));
    await page.goto(url);
    return page;
  }

  /** The console, on whichever screen it starts: sign-in, or the list when this browser is signed in. */
  async function openConsole(): Promise<Page> {
    const page = await openPage(`${server.url}/console/`);
    await page.locator('[data-testid=sign-in], [data-testid=review-list]').first().waitFor();
    return page;
  }

  async function signIn(page: Page, secret = SECRET): Promise<void> {
    await page.getByLabel('操作员账号').fill('wang');
    await page.getByLabel('密码').fill(secret);
    await page.getByRole('button', { name: '登录', exact: true }).click();
  }

  /** The console signed in and showing the list (signing in when this browser is not). */
  async function signedInConsole(): Promise<Page> {
    const page = await openConsole();
    if (await page.getByTestId('sign-in').isVisible()) {
      // Not signed in yet (this test runs alone, or after signing out): the console asked, and was told so.
      problems = problems.filter((p) => p !== 'GET 401 /api/operator/session');
      await signIn(page);
    }
    await listed(page);
    return page;
  }

  /** The task ids of the list's rows, top to bottom, once it has loaded. */
  async function listed(page: Page): Promise<string[]> {
    await page.getByTestId('review-list').waitFor();
    await page.locator('[data-testid=review-list] .ant-spin-spinning').waitFor({ state: 'detached' });
    return page
      .locator('[data-testid=review-list] tbody tr[data-row-key]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row-key')!));
  }

  async function search(page: Page, q: string): Promise<string[]> {
    const box = page.getByRole('searchbox', { name: '搜索申请编号或姓名' });
    await box.fill(q);
    const answered = page.waitForResponse((res) => res.url().includes('/api/operator/reviews') && res.request().method() === 'GET');
    await box.press('Enter');
    await answered;
    return listed(page);
  }

  async function openReview(page: Page, taskId: string): Promise<void> {
    await page.locator(`[data-testid=review-list] tr[data-row-key="${taskId}"]`).click();
    await page.getByTestId('review-state').waitFor();
  }

  const reviewable = async (name: string, key?: string) => {
    const res = await portal(key).post('/api/portal/matters', matterRequest([traveller(name)]));
    expect(res.status).toBe(201);
    return res.body.matter as MatterView;
  };
  const textOf = (page: Page, testId: string) => page.getByTestId(testId).innerText();
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
  const sessionCookie = async () => (await context.cookies(server.url)).find((c) => c.name === 'regverify_operator');

  it('refuses a wrong secret with the server’s message, then lists only the tenant’s reviews, newest first', async () => {
    const first = await reviewable('林华侨');
    const second = await reviewable('周海外');
    const foreign = await reviewable('吴远方', 'other-portal-key-1');

    const page = await openConsole();
    expect(await page.getByTestId('sign-in').isVisible()).toBe(true);
    await shot(page, '01-sign-in.png');
    await signIn(page, 'not-the-secret');
    await page.getByTestId('sign-in-error').waitFor();
    expect(await textOf(page, 'sign-in-error')).toContain('账号或密码不正确');
    expect(await sessionCookie()).toBeUndefined();
    await shot(page, '02-sign-in-refused.png');

    await signIn(page);
    const rows = await listed(page);
    expect(rows).toEqual([second.participants[0].taskId, first.participants[0].taskId]);
    expect(rows).not.toContain(foreign.participants[0].taskId);
    expect(await textOf(page, 'operator')).toBe('操作员 wang（demo）');
    const row = page.locator(`tr[data-row-key="${first.participants[0].taskId}"]`);
    expect(await row.innerText()).toContain(first.portalRef);
    expect(await row.innerText()).toContain('林**');
    expect(await row.innerText()).toContain('待人工核验');
    expect(await page.content()).not.toContain('林华侨');
    await shot(page, '03-review-list.png');

    // A reload keeps the session (the cookie), and the CSRF token comes back with it.
    await page.reload();
    expect(await listed(page)).toHaveLength(2);
    expect(await page.getByTestId('sign-in').count()).toBe(0);

    // The first visit asked for a session there was not yet; the wrong secret was refused.
    expect(problems).toEqual(['GET 401 /api/operator/session', 'POST 401 /api/operator/session']);
    expect(csp).toEqual([]);
    await page.close();
  });

  it('searches by reference and by masked name', async () => {
    const ouyang = await reviewable('欧阳华');
    const sima = await reviewable('司马海');
    const page = await signedInConsole();
    expect(await search(page, ouyang.portalRef)).toEqual([ouyang.participants[0].taskId]);
    await shot(page, '04-search-reference.png');
    expect(await search(page, '司马')).toEqual([]); // the name is masked: 司**
    expect(await search(page, '司*')).toEqual([sima.participants[0].taskId]);
    expect(await search(page, 'HN-NOTHING')).toEqual([]);
    expect(await page.locator('[data-testid=review-list] .ant-table-placeholder').innerText()).toContain(
      '没有与“HN-NOTHING”相符的待核验人员',
    );
    const all = await search(page, '');
    expect(all).toEqual(expect.arrayContaining([ouyang.participants[0].taskId, sima.participants[0].taskId]));
    expect(all.length).toBeGreaterThan(2);
    expect(problems).toEqual([]);
    expect(csp).toEqual([]);
    await page.close();
  });

  it('approves a review, and the portal’s page unlocks 提交 live, without reloading', async () => {
    const matter = await reviewable('郑远洋');
    const taskId = matter.participants[0].taskId;

    // The portal's page (the demo portal, live through the SDK's socket), open before the decision.
    const portalPage = await openPage(`${server.url}/demo/matters/${matter.id}`);
    let navigations = 0;
    portalPage.on('framenavigated', (frame) => frame === portalPage.mainFrame() && navigations++);
    await portalPage.waitForFunction(() => document.querySelector('[data-live=connection-word]')?.textContent === '已连接', undefined, {
      timeout: LIVE_TIMEOUT_MS,
    });
    expect(await portalPage.locator('[data-live=status]').innerText()).toBe('待完成 (0/1)');
    expect(await portalPage.locator('#submit').isDisabled()).toBe(true);

    const page = await signedInConsole();
    await openReview(page, taskId);
    expect(await textOf(page, 'review-state')).toBe('待人工核验');
    expect(await textOf(page, 'matter-status')).toBe('待完成 (0/1)');
    const detail = await page.getByTestId('review-detail').innerText();
    expect(detail).toContain('郑**');
    expect(detail).toContain('到登记窗口核验身份（人工核验）');
    expect(detail).toContain(matter.documentsDigest);
    // Masked as the API gives it: never the name or the passport number in full.
    const html = await page.content();
    expect(html).not.toContain('郑远洋');
    expect(html).not.toMatch(/E17\d{6}/);
    await shot(page, '05-review-detail.png');

    await page.getByRole('button', { name: '通过', exact: true }).click();
    await page.getByRole('button', { name: '确认通过' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid=review-state]')?.textContent === '已通过');
    expect(await textOf(page, 'matter-status')).toBe('可提交');
    expect(await page.getByRole('button', { name: '通过', exact: true }).count()).toBe(0);
    await shot(page, '06-approved.png');

    // The portal's page, untouched, follows: 可提交 and the 提交 button unlocked.
    await portalPage.waitForFunction(() => !(document.querySelector('#submit') as HTMLButtonElement).disabled, undefined, {
      timeout: LIVE_TIMEOUT_MS,
    });
    expect(await portalPage.locator('[data-live=status]').innerText()).toBe('可提交');
    expect(navigations).toBe(0);
    await shot(portalPage, '07-portal-unlocked.png');
    // And so does the portal's API.
    const after = (await portal().get(`/api/portal/matters/${matter.id}`)).body;
    expect(after).toMatchObject({ status: 'ready', canSubmit: true, participants: [{ review: 'approved', verify: 'done', sign: 'done' }] });

    // Decided: no longer waiting in the list.
    await page.getByRole('button', { name: '返回列表' }).click();
    expect(await listed(page)).not.toContain(taskId);
    expect(problems).toEqual([]);
    expect(csp).toEqual([]);
    await Promise.all([page.close(), portalPage.close()]);
  });

  it('refuses a review only with a reason, and records the reason', async () => {
    const matter = await reviewable('钱海外');
    const taskId = matter.participants[0].taskId;
    const page = await signedInConsole();
    await openReview(page, taskId);

    await page.getByRole('button', { name: '驳回', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '驳回人工核验' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '确认驳回' }).click();
    await dialog.getByText('请填写驳回原因').waitFor();
    await dialog.getByLabel('驳回原因').fill('   ');
    await dialog.getByRole('button', { name: '确认驳回' }).click();
    await dialog.getByText('请填写驳回原因').waitFor();
    await shot(page, '08-refuse-needs-reason.png');
    // Nothing was sent: still waiting.
    expect((await portal().get(`/api/portal/matters/${matter.id}`)).body.participants[0].review).toBe('pending');

    await dialog.getByLabel('驳回原因').fill('护照照片与本人不符');
    await dialog.getByRole('button', { name: '确认驳回' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid=review-state]')?.textContent === '已驳回');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByTestId('review-detail').innerText()).toContain('人工核验未通过，不能继续办理');
    expect(await page.getByRole('button', { name: '驳回', exact: true }).count()).toBe(0);
    await shot(page, '09-refused.png');

    const event = await server.services.models.MatterEvent.findOne({ matterId: matter.id, type: 'task.review_refused' }).lean();
    expect(event!.data).toEqual({ operator: 'wang', reason: '护照照片与本人不符' });
    expect((await portal().get(`/api/portal/matters/${matter.id}`)).body).toMatchObject({
      status: 'pending',
      participants: [{ review: 'refused' }],
    });
    expect(problems).toEqual([]);
    expect(csp).toEqual([]);
    await page.close();
  });

  it('shows the audit trail with 链完整, and where a tampered chain breaks', async () => {
    const matter = await reviewable('孙远方');
    const taskId = matter.participants[0].taskId;
    const page = await signedInConsole();
    await openReview(page, taskId);
    await page.getByRole('button', { name: '通过', exact: true }).click();
    await page.getByRole('button', { name: '确认通过' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid=review-state]')?.textContent === '已通过');

    await page.getByRole('button', { name: '审计记录' }).click();
    await page.getByTestId('chain-check').waitFor();
    expect(await textOf(page, 'chain-check')).toContain('链完整');
    expect(await textOf(page, 'chain-check')).toContain('共 2 条记录');
    const rows = await page
      .locator('[data-testid=audit-trail] tbody tr[data-row-key]')
      .evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
    expect(rows.map((cells) => [cells[0], cells[2], cells[3]])).toEqual([
      ['1', '业务创建 matter.created', '登记平台 demo'],
      ['2', '人工核验通过 task.review_approved', '操作员 wang'],
    ]);
    const trail = (await portal().get(`/api/portal/matters/${matter.id}/audit`)).body;
    expect(rows[1][4]).toContain(trail.events[1].hash.slice(0, 16));
    expect(rows[1][5]).toContain(trail.events[0].hash.slice(0, 16));
    await shot(page, '10-audit-trail.png');

    // Someone with database access rewrites the operator of event 2.
    await db.conn.db!.collection('matter_events').updateOne({ matterId: matter.id, seq: 2 }, { $set: { 'data.operator': 'nobody' } });
    await page.getByRole('button', { name: '返回', exact: true }).click();
    await page.getByRole('button', { name: '审计记录' }).click();
    await page.getByTestId('chain-check').waitFor();
    const check = await textOf(page, 'chain-check');
    expect(check).toContain('链在第 2 条记录处断开');
    expect(check).toContain('记录内容与其哈希不符');
    expect(check).not.toContain('链完整');
    await shot(page, '11-audit-trail-broken.png');
    expect(problems).toEqual([]);
    expect(csp).toEqual([]);
    await page.close();
  });

  it('signs out: back at sign-in, and the old cookie no longer works', async () => {
    const page = await signedInConsole();
    const cookie = await sessionCookie();
    expect(cookie?.httpOnly).toBe(true);
    const withOldCookie = () => fetch(`${server.url}/api/operator/reviews`, { headers: { cookie: `${cookie!.name}=${cookie!.value}` } });
    expect((await withOldCookie()).status).toBe(200);

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByTestId('sign-in').waitFor();
    expect(await textOf(page, 'sign-in-notice')).toBe('已退出登录。');
    expect(await page.getByTestId('operator').count()).toBe(0);
    expect(await sessionCookie()).toBeUndefined();
    expect((await withOldCookie()).status).toBe(401);
    await shot(page, '12-signed-out.png');

    // A reload stays signed out.
    await page.reload();
    await page.getByTestId('sign-in').waitFor();
    expect(problems).toEqual(['GET 401 /api/operator/session']);
    expect(csp).toEqual([]);
    await page.close();
  });

  it('goes back to sign-in with a message when the session has expired (idle half an hour)', async () => {
    const matter = await reviewable('冯远行');
    const page = await signedInConsole();
    await openReview(page, matter.participants[0].taskId);
    offsetMs = 31 * 60_000;
    await page.getByRole('button', { name: '返回列表' }).click();
    await page.getByTestId('sign-in').waitFor();
    expect(await textOf(page, 'sign-in-notice')).toBe('登录已过期或已在别处退出，请重新登录。');
    await shot(page, '13-session-expired.png');

    // Signing in again carries on.
    await signIn(page);
    expect(await listed(page)).toContain(matter.participants[0].taskId);
    expect(problems).toEqual(['GET 401 /api/operator/reviews']);
    expect(csp).toEqual([]);
    await page.close();
  });

  it('says to reload when a screen cannot load (the network, or a console updated since the page loaded)', async () => {
    const page = await openConsole();
    await page.route(/\/console\/SignedInConsole-\w+\.js$/, (route) => route.abort());
    if (await page.getByTestId('sign-in').isVisible()) await signIn(page);
    else await page.reload();
    await page.getByTestId('chunk-failure').waitFor();
    expect(await textOf(page, 'chunk-failure')).toContain('请刷新页面');
    expect(await page.getByRole('button', { name: '刷新页面' }).isVisible()).toBe(true);
    expect(problems.some((p) => p.startsWith('failed ') && p.includes('/console/SignedInConsole-'))).toBe(true);
    expect(csp).toEqual([]);
    await page.close();
  });
});
