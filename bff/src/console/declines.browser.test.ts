/**
 * The console's 拒绝办理 in a real Chromium under its own CSP: people of the operator's tenant decline
 * their filings for real in the mini-program's API (不是本人办理 with a note, 内容有误 without), and
 * the window lists them newest first, masked, with the matter, the tenant and the note; a decline
 * whose documents the portal replaced since says 已更新文件. The filter asks the server for one
 * reason, the matter's audit trail opens from a row, and every text reads at 4.5:1 or more. The
 * review list and detail say why a person waits at the window (本人选择窗口核验, …).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { errorMessage, type MatterView } from '@regverify/shared';
import { launchChromium, watchCspViolations } from '../../../scripts/lib/chromium';
import { apiClient } from '../../test/client';
import { lowContrastTexts } from '../../test/contrast';
import { openTestDatabase } from '../../test/database';
import { matterRequest, residentId, sha, type PersonSpec } from '../../test/factories';
import { SandboxPerson } from '../../test/person';
import { startTestServer, type TestServer } from '../../test/server';
import { hashOperatorSecret } from '../security/operatorSecrets';

/** Screenshots for people to look at; the folder is git-ignored. */
const SHOTS = path.resolve(__dirname, '..', '..', '..', 'artifacts', 'console');
const SECRET = 'wang-secret-0001';
const NOTE = '我从未办理过这家公司的登记';

jest.setTimeout(180_000);

describe('拒绝办理 in the console, in Chromium', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let context: BrowserContext;
  let csp: string[];
  /** Script errors, console errors and answers ≥ 400 of every page of the current test, in order. */
  let problems: string[] = [];
  const portal = (key = 'demo-portal-key') => apiClient(server.url, key);

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    db = await openTestDatabase();
    server = await startTestServer(db.conn, {
      PORTAL_KEYS: 'demo:demo-portal-key,other:other-portal-key-1',
      // 王 works at the demo portal's window only.
      OPERATORS: `wang:${await hashOperatorSecret(SECRET)}:demo`,
    });
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
  });

  async function openPage(url: string): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (msg) => msg.type() === 'error' && !msg.text().startsWith('Failed to load resource') && problems.push(msg.text()));
    page.on('response', (res) => {
      if (res.status() >= 400) problems.push(`${res.request().method()} ${res.status()} ${res.url().replace(server.url, '')}`);
    });
    page.on('requestfailed', (req) => problems.push(`failed ${req.url()}`));
    await page.goto(url);
    return page;
  }

  /** The console signed in and showing the review list (signing in when this browser is not). */
  async function signedInConsole(): Promise<Page> {
    const page = await openPage(`${server.url}/console/`);
    await page.locator('[data-testid=sign-in], [data-testid=review-list]').first().waitFor();
    if (await page.getByTestId('sign-in').isVisible()) {
      // Not signed in yet: the console asked for a session, and was told there was none.
      problems = problems.filter((p) => p !== 'GET 401 /api/operator/session');
      await page.getByLabel('操作员账号').fill('wang');
      await page.getByLabel('密码').fill(SECRET);
      await page.getByRole('button', { name: '登录', exact: true }).click();
    }
    await listedOf(page, 'review-list');
    return page;
  }

  /** The row keys of a list's rows, top to bottom, once it has loaded. */
  async function listedOf(page: Page, testId: 'review-list' | 'decline-list'): Promise<string[]> {
    await page.getByTestId(testId).waitFor();
    await page.locator(`[data-testid=${testId}] .ant-spin-spinning`).waitFor({ state: 'detached' });
    return page
      .locator(`[data-testid=${testId}] tbody tr[data-row-key]`)
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row-key')!));
  }
  const listedDeclines = (page: Page) => listedOf(page, 'decline-list');

  /** Chooses a reason in the filter and waits for the server's answer to it. */
  async function filterBy(page: Page, label: string, query: string): Promise<string[]> {
    const answered = page.waitForResponse(
      (res) => res.url().endsWith(`/api/operator/declines${query}`) && res.request().method() === 'GET',
    );
    await page.getByRole('radiogroup', { name: '按拒绝原因筛选' }).getByText(label, { exact: true }).click();
    expect((await answered).status()).toBe(200);
    return listedDeclines(page);
  }

  const register = async (people: PersonSpec[], key?: string) => {
    const res = await portal(key).post('/api/portal/matters', matterRequest(people));
    expect(res.status).toBe(201);
    return res.body.matter as MatterView;
  };

  /** The person through the entry check declines their task of the matter; the id of the decline. */
  async function decline(who: PersonSpec, matter: MatterView, body: { reason: 'not_mine' | 'content_wrong'; note?: string }) {
    const person = await new SandboxPerson(server.url, who).throughEntry();
    const { taskId } = await person.todoOf(matter.id);
    const res = await person.api.post(`/api/mp/todos/${taskId}/decline`, body);
    expect(res).toMatchObject({ status: 200, body: { status: 'declined' } });
    const record = await server.services.models.Decline.findOne({ taskId }).lean<{ _id: string }>();
    return record!._id;
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, name), fullPage: true });

  it('lists the tenant’s declines newest first, masked, with the note; filters by reason; opens the audit trail', async () => {
    const zhao: PersonSpec = { name: '赵一明', idType: 'resident_id', idNumber: residentId(821) };
    const qian: PersonSpec = { name: '钱二宝', idType: 'resident_id', idNumber: residentId(822) };
    const sun: PersonSpec = { name: '孙三立', idType: 'resident_id', idNumber: residentId(823) };

    // Nothing declined yet: the list says so.
    const page = await signedInConsole();
    await page.getByRole('tab', { name: '拒绝办理' }).click();
    expect(await listedDeclines(page)).toEqual([]);
    const placeholder = page.locator('[data-testid=decline-list] .ant-table-placeholder');
    expect(await placeholder.innerText()).toContain('暂无所辖登记平台的拒绝办理记录');
    expect(await page.getByTestId('decline-list').evaluate(lowContrastTexts)).toEqual([]);

    const first = await register([zhao]);
    const second = await register([qian]);
    const elsewhere = await register([sun], 'other-portal-key-1');
    const notMine = await decline(zhao, first, { reason: 'not_mine', note: NOTE });
    const wrong = await decline(qian, second, { reason: 'content_wrong' });
    const foreign = await decline(sun, elsewhere, { reason: 'not_mine' });
    // The portal corrects the second matter's documents: that decline was about the old ones.
    const replaced = await portal().put(`/api/portal/matters/${second.id}/documents`, {
      documents: [{ name: '公司章程（更正）', sha256: sha(`corrected ${second.id}`) }],
    });
    expect(replaced.status).toBe(200);

    await page.getByRole('button', { name: '刷新' }).click();
    const rows = await listedDeclines(page);
    expect(rows).toEqual([wrong, notMine]);
    expect(rows).not.toContain(foreign);

    const row = page.locator(`[data-testid=decline-list] tr[data-row-key="${notMine}"]`);
    const text = await row.innerText();
    expect(await row.getByTestId('decline-reason').innerText()).toBe('不是本人办理');
    expect(text).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d/);
    expect(text).toContain('赵**');
    expect(text).toContain(`居民身份证 ${zhao.idNumber.slice(0, 4)}`);
    expect(text).toContain(first.entityName);
    expect(text).toContain(`${first.portalRef}（demo，${first.kind}，待完成）`);
    expect(text).toContain(NOTE);
    const other = page.locator(`[data-testid=decline-list] tr[data-row-key="${wrong}"]`);
    expect((await other.getByTestId('decline-reason').innerText()).split(/\s+/)).toEqual(['内容有误', '已更新文件']);
    expect(await other.innerText()).toContain('钱**');
    expect(await other.innerText()).toContain(second.portalRef);
    expect(await other.innerText()).toContain('—');
    const html = await page.content();
    for (const who of [zhao, qian, sun]) {
      expect(html).not.toContain(who.name);
      expect(html).not.toContain(who.idNumber);
    }
    expect(html).not.toContain(elsewhere.portalRef);
    expect(await page.getByTestId('decline-list').evaluate(lowContrastTexts)).toEqual([]);
    await shot(page, '30-declines.png');

    // The filter asks the server for one reason, and for all again.
    expect(await filterBy(page, '不是本人办理', '?reason=not_mine')).toEqual([notMine]);
    expect(await page.getByTestId('decline-list').evaluate(lowContrastTexts)).toEqual([]);
    await shot(page, '31-declines-not-mine.png');
    expect(await filterBy(page, '内容有误', '?reason=content_wrong')).toEqual([wrong]);
    expect(await filterBy(page, '全部', '')).toEqual([wrong, notMine]);

    // The audit trail of a declined matter, from its row; 返回 comes back to the list, filter kept.
    await filterBy(page, '不是本人办理', '?reason=not_mine');
    await row.getByRole('button', { name: '审计记录' }).click();
    await page.getByTestId('chain-check').waitFor();
    expect(await page.getByTestId('audit-trail').innerText()).toContain(first.portalRef);
    const events = await page
      .locator('[data-testid=audit-trail] tbody tr[data-row-key]')
      .evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
    expect(events.map((cells) => [cells[2], cells[3]])).toContainEqual(['拒绝办理 task.declined', '赵**']);
    await shot(page, '32-declined-audit-trail.png');
    await page.getByRole('button', { name: '返回', exact: true }).click();
    expect(await listedDeclines(page)).toEqual([notMine]);
    expect(await page.getByRole('radio', { name: '不是本人办理' }).isChecked()).toBe(true);

    // The server cannot answer: the list says so in Chinese.
    await page.route('**/api/operator/declines*', (route) =>
      route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'internal_error', message: errorMessage('internal_error') } }),
      }),
    );
    await page.getByRole('button', { name: '刷新' }).click();
    await page.locator('[data-testid=decline-list] .ant-alert-error').waitFor();
    expect(await page.locator('[data-testid=decline-list] .ant-alert-error').innerText()).toContain(errorMessage('internal_error'));
    expect(await page.getByTestId('decline-list').evaluate(lowContrastTexts)).toEqual([]);
    await page.unroute('**/api/operator/declines*');

    expect(problems).toEqual(['GET 500 /api/operator/declines?reason=not_mine']);
    expect(csp).toEqual([]);
    await page.close();
  });

  it('says in the review list and detail why each person waits at the window', async () => {
    const chosen: PersonSpec = { name: '李窗口', idType: 'resident_id', idNumber: residentId(831) };
    const traveller: PersonSpec = { name: '林华侨', idType: 'passport', idNumber: 'E17300831' };
    const byChoice = await register([chosen]);
    const byDocument = await register([traveller]);
    const person = await new SandboxPerson(server.url, chosen).login();
    await person.enterIdentity();
    const res = await person.api.post('/api/mp/verifications', { purpose: 'entry', method: 'window' });
    expect(res).toMatchObject({ status: 201, body: { method: 'window', tasks: 1 } });

    const page = await signedInConsole();
    const [choiceTask, documentTask] = [byChoice.participants[0].taskId, byDocument.participants[0].taskId];
    expect(await listedOf(page, 'review-list')).toEqual(expect.arrayContaining([choiceTask, documentTask]));
    const row = page.locator(`[data-testid=review-list] tr[data-row-key="${choiceTask}"]`);
    expect(await row.innerText()).toContain('本人选择窗口核验');
    expect(await page.locator(`[data-testid=review-list] tr[data-row-key="${documentTask}"]`).innerText()).toContain('证件类型需人工核验');
    await shot(page, '33-review-reasons.png');

    await row.click();
    await page.getByTestId('review-state').waitFor();
    expect(await page.getByTestId('review-reason').innerText()).toBe('本人选择窗口核验');
    await shot(page, '34-review-reason-detail.png');

    expect(problems).toEqual([]);
    expect(csp).toEqual([]);
    await page.close();
  });
});
