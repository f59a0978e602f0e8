/**
 * The console's 风险提醒 (异常核验提醒) in a real Chromium under its own CSP: an alarm raised for
 * real (stranger accounts spending a person's bank-card budget at the real limits) is listed for an
 * operator of the person's tenant, masked, with its matter; the operator lifts it through the
 * 解除限制 dialog with the number from the person's document, and the row shows 已解除. Every text
 * of the list and the dialog reads at 4.5:1 or more.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { PERSON_BUDGET_LABELS } from '@regverify/shared';
import { launchChromium, watchCspViolations } from '../../../scripts/lib/chromium';
import { raiseBankCardAlarm } from '../../test/alarms';
import { apiClient } from '../../test/client';
import { lowContrastTexts } from '../../test/contrast';
import { openTestDatabase } from '../../test/database';
import { matterRequest, residentId } from '../../test/factories';
import { startTestServer, type TestServer } from '../../test/server';
import { hashOperatorSecret } from '../security/operatorSecrets';

/** Screenshots for people to look at; the folder is git-ignored. */
const SHOTS = path.resolve(__dirname, '..', '..', '..', 'artifacts', 'console');
const SECRET = 'wang-secret-0001';

jest.setTimeout(180_000);

describe('风险提醒 in the console, in Chromium', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let context: BrowserContext;
  let csp: string[];
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    db = await openTestDatabase();
    server = await startTestServer(db.conn, {
      // The real limits: the person's threshold is what raises the alarm.
      RATE_LIMIT_SCALE: '1',
      PORTAL_KEYS: 'demo:demo-portal-key,other:other-portal-key-1',
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

  /** The alarm ids of the list's rows, top to bottom, once it has loaded. */
  async function listedAlarms(page: Page): Promise<string[]> {
    await page.getByTestId('alarm-list').waitFor();
    await page.locator('[data-testid=alarm-list] .ant-spin-spinning').waitFor({ state: 'detached' });
    return page
      .locator('[data-testid=alarm-list] tbody tr[data-row-key]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row-key')!));
  }

  /** A person named in a matter of `key`'s tenant, with a bank-card alarm raised by strangers; its alarm id. */
  async function alarmedPerson(who: { name: string; idType: 'resident_id'; idNumber: string }, key: string, accounts: string) {
    const res = await apiClient(server.url, key).post('/api/portal/matters', matterRequest([who]));
    expect(res.status).toBe(201);
    await raiseBankCardAlarm(server.url, who, accounts);
    const alarm = await server.services.models.AuditEvent.findOne({
      kind: 'person_alarm',
      subject: server.services.vault.lookupHash(who.idType, who.idNumber),
    }).lean();
    return { matter: res.body.matter as { id: string; portalRef: string }, alarmId: alarm!._id };
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, name), fullPage: true });

  it('lists the tenant’s alarm, masked, and lifts it through the dialog: the row shows 已解除', async () => {
    const who = { name: '欧阳明华', idType: 'resident_id' as const, idNumber: residentId(811) };
    const { matter, alarmId } = await alarmedPerson(who, 'demo-portal-key', 'stranger-a');
    const foreign = await alarmedPerson(
      { name: '吴远方', idType: 'resident_id', idNumber: residentId(812) },
      'other-portal-key-1',
      'stranger-b',
    );

    const page = await openPage(`${server.url}/console/`);
    await page.getByTestId('sign-in').waitFor();
    await page.getByLabel('操作员账号').fill('wang');
    await page.getByLabel('密码').fill(SECRET);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByTestId('review-list').waitFor();

    await page.getByRole('tab', { name: '风险提醒' }).click();
    expect(await listedAlarms(page)).toEqual([alarmId]);
    expect(await listedAlarms(page)).not.toContain(foreign.alarmId);
    const row = page.locator(`[data-testid=alarm-list] tr[data-row-key="${alarmId}"]`);
    const text = await row.innerText();
    expect(text).toContain('欧***');
    expect(text).toContain(`居民身份证 ${who.idNumber.slice(0, 4)}`);
    expect(text).toContain(PERSON_BUDGET_LABELS.bankCardFailures);
    expect(text).toContain(matter.portalRef);
    expect(text).toContain('demo，待完成');
    expect(await row.getByTestId('alarm-state').innerText()).toBe('未解除');
    const html = await page.content();
    expect(html).not.toContain(who.name);
    expect(html).not.toContain(who.idNumber);
    expect(await page.getByTestId('alarm-list').evaluate(lowContrastTexts)).toEqual([]);
    await shot(page, '20-alarms.png');

    await row.getByRole('button', { name: '解除限制' }).click();
    const dialog = page.getByRole('dialog', { name: '解除限制' });
    await dialog.waitFor();
    expect(await dialog.getByTestId('unlock-person').innerText()).toContain('欧***');
    // Another person's number (valid, but not the alarm's person's) is refused on the screen, and nothing is sent.
    await dialog.getByLabel('证件号码').fill(residentId(813));
    await dialog.getByRole('button', { name: '确认解除' }).click();
    await dialog.getByText('与提醒人员的证件不符，请核对本人出示的证件').waitFor();
    expect(await dialog.evaluate(lowContrastTexts)).toEqual([]);
    await shot(page, '21-unlock-wrong-number.png');
    expect(await server.services.models.AuditEvent.countDocuments({ kind: 'person_limit_lifted' })).toBe(0);

    await dialog.getByLabel('证件号码').fill(who.idNumber.toLowerCase());
    const lifted = page.waitForResponse((res) => res.url().endsWith('/api/operator/people/unlock'));
    await dialog.getByRole('button', { name: '确认解除' }).click();
    expect((await lifted).status()).toBe(200);
    await dialog.waitFor({ state: 'detached' });
    await page.waitForFunction(
      (id) => document.querySelector(`tr[data-row-key="${id}"] [data-testid=alarm-state]`)?.textContent?.startsWith('已解除'),
      alarmId,
    );
    expect(await row.getByTestId('alarm-state').innerText()).toMatch(/^已解除\s+wang · \d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(await row.getByRole('button', { name: '解除限制' }).count()).toBe(0);
    expect(await page.content()).not.toContain(who.idNumber);
    await shot(page, '22-alarm-lifted.png');
    const audit = await server.services.models.AuditEvent.find({ kind: 'person_limit_lifted' }).lean();
    expect(audit).toEqual([expect.objectContaining({ actor: 'operator:wang' })]);

    // Back to the review list, and to the alarms again: still lifted.
    await page.getByRole('tab', { name: '待人工核验' }).click();
    await page.getByTestId('review-list').waitFor();
    await page.getByRole('tab', { name: '风险提醒' }).click();
    await listedAlarms(page);
    expect(await row.getByTestId('alarm-state').innerText()).toMatch(/^已解除/);

    // The first visit asked for a session there was not yet.
    expect(problems).toEqual(['GET 401 /api/operator/session']);
    expect(csp).toEqual([]);
    await page.close();
  });
});
