/** @jest-environment node */
/**
 * The H5 preview in a real browser (Debian's Chromium through playwright-core), against the real
 * BFF in sandbox mode: one person walks every screen from 用户信息录入 to 完成核验, once in the
 * normal mode and once in 长辈模式, and the portal API confirms the result on the server.
 * Screenshots of every screen go to artifacts/h5/{normal,elder}/NN-<screen>.png.
 *
 * The H5 build goes to its own folder (.data/e2e-h5): client/build.test.ts deletes and rebuilds
 * dist/<platform> in the same jest run.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { luhnCheckDigit } from '@regverify/shared';
import { openTestDatabase } from '../../bff/test/database';
import { startTestServer, type TestServer } from '../../bff/test/server';
import { apiClient, type ApiClient } from '../../bff/test/client';
import { bankCard, matterRequest, residentId } from '../../bff/test/factories';
import { pdfBytes, pdfDocument, uploadContent } from '../../bff/test/documents';
import { launchChromium, watchCspViolations } from '../../scripts/lib/chromium';
import { ensureH5Build } from '../../scripts/lib/h5Build';

const REPO = path.resolve(__dirname, '..', '..');
const H5_OUT = '.data/e2e-h5';
const ARTIFACTS = path.join(REPO, 'artifacts', 'h5');
const PORTAL_KEY = 'demo-portal-key';

const ZHANG_SAN = { name: '张三', idType: 'resident_id' as const, idNumber: '11010519491231002X' };
// Luhn-valid cards: the sandbox refuses one ending in 0000 and accepts the other.
const FAILING_CARD = bankCard(true);
const PASSING_CARD = '622202123456789012' + luhnCheckDigit('622202123456789012');

const PHONE = { width: 390, height: 844 };

type Mode = 'normal' | 'elder';

let db: Awaited<ReturnType<typeof openTestDatabase>> | undefined;
let server: TestServer | undefined;
let portal: ApiClient;
const browsers: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  await ensureH5Build((line) => console.log(`[h5Flow] ${line}`), H5_OUT);
  db = await openTestDatabase();
  server = await startTestServer(db.conn, { H5_DIR: H5_OUT });
  portal = apiClient(server.url, PORTAL_KEY);
}, 6 * 60_000);

afterAll(async () => {
  for (const browser of browsers) await browser.close();
  await server?.close().catch(() => undefined);
  await db?.drop().catch(() => undefined);
}, 60_000);

/** A fresh Chromium profile, phone-sized, and the Content-Security-Policy violations its pages report. */
async function openBrowser(): Promise<{ page: Page; cspViolations: string[] }> {
  const browser = await launchChromium({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  browsers.push(browser);
  const { context } = browser;
  context.setDefaultTimeout(15_000);
  const cspViolations = await watchCspViolations(context);
  return { page: context.pages()[0] ?? (await context.newPage()), cspViolations };
}

const APPLICATION_PDF = pdfBytes('Company registration application');
const DECLINED_ENTITY = '洛阳某某贸易有限公司';

/**
 * A matter naming 张三 and one other person, so that it stays pending after 张三, whose application
 * form the portal sent as a PDF; then a second matter naming 张三, which 张三 will decline.
 */
async function createMatters(): Promise<{ matterId: string; taskId: string; declinedId: string }> {
  const res = await portal.post(
    '/api/portal/matters',
    matterRequest(
      [
        { ...ZHANG_SAN, roles: ['法定代表人', '股东'] },
        { name: '李四', idType: 'resident_id', idNumber: residentId(7) },
      ],
      { documents: [pdfDocument('公司登记（备案）申请书', APPLICATION_PDF), { name: '公司章程', sha256: 'a'.repeat(64) }] },
    ),
  );
  expect(res.status).toBe(201);
  const matterId: string = res.body.matter.id;
  expect((await uploadContent(portal, matterId, 0, APPLICATION_PDF)).status).toBe(200);
  const mine = res.body.matter.participants.find((p: { name: string }) => p.name.startsWith('张'));
  expect(mine).toBeDefined();
  const other = await portal.post('/api/portal/matters', matterRequest([ZHANG_SAN], { entityName: DECLINED_ENTITY }));
  expect(other.status).toBe(201);
  return { matterId, taskId: mine.taskId, declinedId: other.body.matter.id };
}

/** Walks the whole flow; every screen is photographed, and in elder mode measured. */
async function walk(mode: Mode): Promise<void> {
  const dir = path.join(ARTIFACTS, mode);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const { matterId, taskId, declinedId } = await createMatters();
  const { page, cspViolations } = await openBrowser();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));

  let n = 0;
  const shot = async (screen: string) => {
    n += 1;
    await page.waitForTimeout(250); // let transitions and images settle
    // Taro's H5 pages scroll inside their own container, which fullPage does not unroll: grow the
    // viewport to the page's height for the picture, then go back to the phone's.
    const height = await page.evaluate(() =>
      Math.max(
        0,
        ...[...document.querySelectorAll('.taro_page, .page')]
          .filter((el) => el.getBoundingClientRect().width > 0)
          .map((el) => el.scrollHeight),
      ),
    );
    if (height > PHONE.height) await page.setViewportSize({ width: PHONE.width, height });
    await page.screenshot({ path: path.join(dir, `${String(n).padStart(2, '0')}-${screen}.png`) });
    if (height > PHONE.height) await page.setViewportSize(PHONE);
  };
  // Visible matches only: Taro's hidden navigation bar repeats each page's title.
  const text = (t: string) => page.getByText(t, { exact: true }).filter({ visible: true }).last();
  const see = (t: string, exact = true) => page.getByText(t, { exact }).filter({ visible: true }).first().waitFor({ state: 'visible' });
  const tap = (t: string) => text(t).click();

  /** Elder mode: every visible button of the page is a ≥60×60 CSS-px target. */
  const checkElderButtons = async (screen: string) => {
    if (mode !== 'elder') return;
    const small = await page.evaluate(() =>
      [...document.querySelectorAll('.page .btn, .page .elder-toggle')]
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        .filter(({ el, r }) => r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden')
        .filter(({ r }) => r.width < 60 || r.height < 60)
        .map(({ el, r }) => `${(el.textContent ?? '').trim()} ${Math.round(r.width)}×${Math.round(r.height)}`),
    );
    expect({ screen, small }).toEqual({ screen, small: [] });
  };
  /** Elder mode: the named main button measured through playwright, and a paragraph's font size. */
  const checkElder = async (screen: string, button: string, paragraph: string) => {
    if (mode !== 'elder') return;
    await checkElderButtons(screen);
    const box = await text(button).boundingBox();
    expect(box).not.toBeNull();
    expect({ screen, button, ok: box!.width >= 60 && box!.height >= 60, box }).toMatchObject({ screen, button, ok: true });
    const fontPx = await page
      .locator(paragraph)
      .first()
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect({ screen, paragraph, fontPx, ok: fontPx >= 18 }).toMatchObject({ screen, paragraph, ok: true });
  };

  // 用户信息录入, opened from the matter's QR code.
  await page.goto(`${server!.url}/h5/#/pages/entry/index?matterId=${matterId}`);
  await see('国家市场监督管理总局');
  await see('登记注册身份验证');
  if (mode === 'elder') {
    await page.getByRole('switch', { name: '长辈模式' }).click();
    await see('长辈模式：开');
    await page.locator('.page--elder').first().waitFor();
  }
  await shot('entry');
  await checkElder('entry', '查看待办事项', '.entry__label');

  await page.locator('input[placeholder="请填写姓名"]').fill(ZHANG_SAN.name);
  await tap('请选择证件类型');
  await see('确定');
  await shot('id-type-picker');
  await tap('确定');
  await see('居民身份证');
  await page.locator('input[placeholder="请填写证件号码"]').fill(ZHANG_SAN.idNumber);
  await see('为提高认证安全等级，使用自然人身份证进行核验的，需通过本人人像信息核验及本人银行卡信息核验。');
  // The 注意事项 and the consent line: 查看待办事项 stays disabled until both are ticked.
  const ticks = page.getByRole('checkbox');
  expect(await ticks.count()).toBe(2);
  for (const tick of await ticks.all()) await tick.click();
  await page.waitForFunction(() => document.querySelectorAll('[role=checkbox][aria-label*="已勾选"]').length === 2);
  await shot('entry-filled');
  await checkElder('entry-filled', '查看待办事项', '.tick__text');
  await tap('查看待办事项');

  // 本人银行卡信息核验: its own notice and tick first (核验银行卡 waits for it); a card the sandbox
  // refuses shows the reason, then a good one passes.
  await see('本人银行卡信息核验');
  await see('银行卡信息处理告知');
  await see('到登记窗口核验');
  expect(await page.locator('.btn--disabled', { hasText: '核验银行卡' }).count()).toBe(1);
  await shot('bankcard');
  await checkElder('bankcard', '核验银行卡', '.card .muted');
  await page.getByRole('checkbox', { name: /我已阅读并同意《银行卡信息处理告知》/ }).click();
  await page.waitForFunction(() => !!document.querySelector('[role=checkbox][aria-label*="银行卡信息处理告知"][aria-label*="已勾选"]'));
  await shot('bankcard-consented');
  await page.locator('input[placeholder="请填写本人银行卡号"]').fill(FAILING_CARD);
  await tap('核验银行卡');
  const refusal = page.getByRole('alert').first();
  await refusal.waitFor();
  expect(await refusal.innerText()).toMatch(/[\u4e00-\u9fff]/);
  await see('本人银行卡信息核验');
  await shot('bankcard-refused');
  await page.locator('input[placeholder="请填写本人银行卡号"]').fill(PASSING_CARD);
  await tap('核验银行卡');

  // 用户身份核验 → the sandbox's face screen → 核验成功 with the picture.
  await see('用户身份核验');
  await see('暂不认证');
  await see('人脸信息处理告知');
  await see('到登记窗口核验');
  await shot('verify');
  await checkElder('verify', '同意协议并认证', '.card .muted');
  await page.getByRole('checkbox', { name: /我已阅读并同意《人脸信息处理告知》/ }).click();
  await page.waitForFunction(() => !!document.querySelector('[role=checkbox][aria-label*="人脸信息处理告知"][aria-label*="已勾选"]'));
  await shot('verify-consented');
  await tap('同意协议并认证');
  await see('模拟刷脸（仅用于测试环境，不会采集人脸）');
  await shot('face-sim');
  await checkElder('face-sim', '模拟核验通过', '.face-sim__banner');
  await tap('模拟核验通过');
  await see('核验成功');
  await see('请确认以上为本人人像');
  const picture = page.getByRole('img', { name: '本次核验采集的人像' }).or(page.locator('.result__picture img')).first();
  await picture.waitFor();
  await page.waitForFunction(() => {
    const img = document.querySelector('.result__picture img') as HTMLImageElement | null;
    return !!img && img.complete && img.naturalWidth > 0;
  });
  await see('重新录入');
  await shot('face-passed');
  await checkElder('face-passed', '查看待办事项', '.result__picture-card .muted');

  // 查看待办事项: the QR code named this matter, so its to-do opens by itself…
  await tap('查看待办事项');
  await see('公司登记（备案）申请书');
  await see('公司章程');
  await shot('todo-from-qr-code');
  // …and going back shows the 待办 list, where 业务确认 opens it again.
  await page.goBack();
  await see('近7天待办事项');
  await see('业务确认');
  await see('郑州某某科技有限公司');
  await shot('todos');
  await checkElder('todos', '业务确认', '.todo-card .muted');
  await page.locator('.todo-card', { hasText: '郑州某某科技有限公司' }).getByText('业务确认', { exact: true }).first().click(); // newest first: this walk's
  await see('公司登记（备案）申请书');
  await see('法定代表人', false);
  // The application form has a file: 确认 waits until it is opened (the server records it).
  await see('查看业务文件');
  await see('未查看');
  await see('请先查看全部业务文件（还有 1 份未查看）');
  expect(await page.locator('.btn--disabled', { hasText: /^确认$/ }).count()).toBe(1);
  await shot('todo');
  await checkElder('todo', '拒绝', '.card .muted');
  await page.getByRole('button', { name: '查看《公司登记（备案）申请书》' }).or(text('查看')).first().click();
  const viewer = page.getByRole('dialog', { name: '公司登记（备案）申请书' });
  await viewer.waitFor();
  expect(await viewer.locator('iframe').getAttribute('src')).toMatch(/^blob:/);
  await shot('document-open');
  if (mode === 'elder') {
    const close = await viewer.getByRole('button', { name: '关闭' }).boundingBox();
    expect(close!.height).toBeGreaterThanOrEqual(60);
  }
  await viewer.getByRole('button', { name: '关闭' }).click();
  await viewer.waitFor({ state: 'detached' });
  await see('已查看');
  await shot('todo-documents-viewed');
  await checkElder('todo-documents-viewed', '确认', '.card .muted');

  // 确认 → the second face check, bound to this to-do.
  await tap('确认');
  await see('模拟刷脸（仅用于测试环境，不会采集人脸）');
  await shot('face-sim-task');
  await checkElder('face-sim-task', '模拟核验通过', '.face-sim__banner');
  await tap('模拟核验通过');

  // 签名: a blank pad is refused, a drawn stroke is accepted.
  await see('手写签名');
  await see('请在框内手写签名');
  await see('姓名：', false);
  await page.waitForTimeout(500); // the pad attaches to its canvas once laid out
  await tap('完成签名');
  await see('请先签名');
  await shot('sign-blank-refused');
  await checkElder('sign-blank-refused', '完成签名', '.sign__line');
  const canvas = page.locator('#signature-pad canvas').first();
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  expect(box).not.toBeNull();
  await page.mouse.move(box.x + 20, box.y + 30);
  await page.mouse.down();
  for (let i = 1; i <= 30; i++) await page.mouse.move(box.x + 20 + i * 8, box.y + box.height / 2 + Math.sin(i / 3) * (box.height / 4));
  await page.mouse.up();
  const inked = await canvas.evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let pixels = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]) pixels++;
    return pixels;
  });
  expect(inked).toBeGreaterThan(100);
  await shot('sign-drawn');
  await tap('完成签名');
  await page.getByRole('img', { name: '您的签名' }).or(text('重签')).first().waitFor();
  await see('重签');
  await shot('sign-signed');
  await checkElder('sign-signed', '确认', '.sign__line');
  await tap('确认');

  // 完成核验.
  await see('完成核验');
  await see('您已完成本业务的实名认证和签名确认', false);
  await shot('done');
  await checkElder('done', '返回待办事项', '.done__card .muted');
  await tap('返回待办事项');
  await see('近7天待办事项');
  await see('已实名认证 · 已签名', false);
  await shot('todos-after');
  await checkElderButtons('todos-after');

  // 拒绝: the other filing is not 张三's — 不是本人办理, with a note.
  await page.locator('.todo-card', { hasText: DECLINED_ENTITY }).getByText('业务确认', { exact: true }).first().click(); // newest first: this walk's
  await see(DECLINED_ENTITY);
  await tap('拒绝');
  await see('拒绝原因');
  expect(await page.locator('.btn--disabled', { hasText: '确认拒绝' }).count()).toBe(1); // until a reason is chosen
  await shot('decline');
  await checkElder('decline', '确认拒绝', '.tick__text');
  await page.getByRole('checkbox', { name: /不是本人办理/ }).click();
  await see('如有他人冒用您的身份办理登记，请尽快联系登记机关；登记窗口会跟进处理。');
  await page.locator('.todo-decline__note textarea').fill('本人从未参与该公司的设立');
  await shot('decline-filled');
  await tap('确认拒绝');
  await see('状态：已拒绝（不是本人办理）');
  await see('您已拒绝本业务', false);
  await shot('declined');
  await checkElderButtons('declined');
  const declined = (await portal.get(`/api/portal/matters/${declinedId}`)).body;
  expect(declined.participants[0]).toMatchObject({ decision: 'declined', declineReason: 'not_mine' });

  expect(pageErrors).toEqual([]);
  // The whole flow works under the page's Content-Security-Policy (the BFF serves it with index.html).
  expect(cspViolations).toEqual([]);

  // On the server: this person is done, the matter waits for the other one.
  const view = await portal.get(`/api/portal/matters/${matterId}`);
  expect(view.status).toBe(200);
  const me = view.body.participants.find((p: { taskId: string }) => p.taskId === taskId);
  expect(me).toMatchObject({ sign: 'done', verify: 'done', confirmedAt: expect.any(String) });
  expect(view.body.progress).toEqual({ done: 1, total: 2 });
  expect(view.body.canSubmit).toBe(false);
}

/**
 * Another way than the face: a person whose face check fails chooses 到登记窗口核验 on the failure
 * page, and their to-dos wait for manual review.
 */
async function walkToWindow(mode: Mode): Promise<void> {
  const dir = path.join(ARTIFACTS, `${mode}-window`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const who = { name: '王五', idType: 'resident_id' as const, idNumber: residentId(mode === 'elder' ? 81 : 80) };
  const created = await portal.post('/api/portal/matters', matterRequest([who]));
  expect(created.status).toBe(201);
  const { page, cspViolations } = await openBrowser();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  let n = 0;
  const shot = async (screen: string) => {
    await page.waitForTimeout(250);
    await page.screenshot({ path: path.join(dir, `${String(++n).padStart(2, '0')}-${screen}.png`) });
  };
  const see = (t: string, exact = true) => page.getByText(t, { exact }).filter({ visible: true }).first().waitFor({ state: 'visible' });
  const tap = (t: string) => page.getByText(t, { exact: true }).filter({ visible: true }).last().click();

  await page.goto(`${server!.url}/h5/#/pages/entry/index`);
  await see('登记注册身份验证');
  if (mode === 'elder') {
    await page.getByRole('switch', { name: '长辈模式' }).click();
    await page.locator('.page--elder').first().waitFor();
  }
  await page.locator('input[placeholder="请填写姓名"]').fill(who.name);
  await tap('请选择证件类型');
  await tap('确定');
  await page.locator('input[placeholder="请填写证件号码"]').fill(who.idNumber);
  for (const tick of await page.getByRole('checkbox').all()) await tick.click();
  await tap('查看待办事项');
  await see('本人银行卡信息核验');
  await page.getByRole('checkbox', { name: /银行卡信息处理告知/ }).click();
  await page.locator('input[placeholder="请填写本人银行卡号"]').fill(PASSING_CARD);
  await tap('核验银行卡');
  await see('用户身份核验');
  await page.getByRole('checkbox', { name: /人脸信息处理告知/ }).click();
  await tap('同意协议并认证');
  await tap('模拟核验失败');
  await see('核验失败');
  await see('到登记窗口核验');
  await shot('face-failed');
  await tap('到登记窗口核验');
  await see('已选择到登记窗口核验');
  await see('您的 1 项待办事项已转为待人工核验。', false);
  await shot('window-chosen');
  if (mode === 'elder') {
    const box = await page.getByText('返回首页', { exact: true }).filter({ visible: true }).last().boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(60);
  }
  const view = (await portal.get(`/api/portal/matters/${created.body.matter.id}`)).body;
  expect(view.participants[0]).toMatchObject({ verify: 'manual_review', review: 'pending', reviewReason: 'person_chose_window' });
  expect(pageErrors).toEqual([]);
  expect(cspViolations).toEqual([]);
}

describe('H5 preview in Chromium, from 用户信息录入 to 完成核验', () => {
  test('is served with a Content-Security-Policy that allows its inline bootstrap script by hash only', async () => {
    const res = await fetch(`${server!.url}/h5/`);
    const policy = res.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(res.headers.get('permissions-policy')).toContain('camera=()');
  });

  test('normal mode', () => walk('normal'), 4 * 60_000);
  test('长辈模式 (elder mode): large targets and text on every screen', () => walk('elder'), 4 * 60_000);
  test(
    '到登记窗口核验 from the failure page, in both modes',
    async () => {
      await walkToWindow('normal');
      await walkToWindow('elder');
    },
    4 * 60_000,
  );
});
