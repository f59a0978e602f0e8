import { createHash, randomBytes } from 'node:crypto';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import QRCode from 'qrcode';
import { CreateMatterRequestSchema, type CreateMatterRequest } from '@regverify/shared';
import { createMatter } from '../../commands/matterCreator';
import { issueViewerToken } from '../../commands/viewerTokenIssuer';
import { readMatter } from '../../queries/matterReader';
import { submitMatter } from '../../commands/matterSubmitter';
import { AppError, forbidden, invalidJson, payloadTooLarge, unsupportedMediaType, validationFailed } from '../../errors';
import {
  DEFAULT_VALUES,
  fieldOfIssue,
  formValues,
  MAX_PEOPLE,
  renderDemoForm,
  splitRoles,
  type DemoFormValues,
  type FieldErrors,
} from '../../portal/page/demoForm';
import { CONTENT_SECURITY_POLICY } from '../../portal/page/html';
import { renderMatterPage, renderNotFoundPage } from '../../portal/page/matterPage';
import { presentEntry } from '../../presenters/entry';
import { presentMatter } from '../../presenters/matter';
import { presentSubmission, presentViewerToken } from '../../presenters/portal';
import type { Services } from '../../services';
import { sendAsset } from './sendAsset';

/** The demo portal is one tenant of the BFF, like any portal; its backend routes act for it. */
export const DEMO_TENANT = 'demo';

const SAMPLE_DOCUMENTS = ['公司登记（备案）申请书', '公司章程'];
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function sendHtml(ctx: Context, html: string, status = 200): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  ctx.set('Cache-Control', 'no-store');
  ctx.body = html;
}

/**
 * The demo's backend answers only its own pages: a request sent by another site (a hidden form, a
 * link) is refused, so nobody can create or submit demo matters through a visitor's browser.
 * `Sec-Fetch-Site` decides where browsers send it; the `Origin` of a same-origin form post is
 * "null" here (the app sends `Referrer-Policy: no-referrer`), so it is checked only without it.
 */
const sameOriginOnly: Middleware = async (ctx, next) => {
  const site = ctx.get('sec-fetch-site');
  const origin = ctx.get('origin');
  const refused = site ? site !== 'same-origin' && site !== 'none' : origin !== '' && origin !== `${ctx.protocol}://${ctx.host}`;
  if (refused) throw forbidden();
  await next();
};

/** Form-encoded (the plain form) or JSON of the same shape; anything else is a 415. */
const formOrJson: Middleware = async (ctx, next) => {
  if (!ctx.is('application/x-www-form-urlencoded', 'application/json', '+json')) throw unsupportedMediaType();
  await bodyParser({
    enableTypes: ['form', 'json'],
    formLimit: '32kb',
    jsonLimit: '32kb',
    encoding: 'utf-8',
    onError: (err) => {
      if ((err as { type?: string }).type === 'entity.too.large') throw payloadTooLarge(32 * 1024);
      throw invalidJson();
    },
  })(ctx, next);
};

/** A `CreateMatterRequest` for the demo tenant from the form, or the form's errors. */
function demoRequest(values: DemoFormValues, now: Date): { ok: true; request: CreateMatterRequest } | { ok: false; errors: FieldErrors } {
  if (values.people.length < 1 || values.people.length > MAX_PEOPLE)
    return { ok: false, errors: { people: `所涉人员须为1至${MAX_PEOPLE}名` } };
  const stamp = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
  const parsed = CreateMatterRequestSchema.safeParse({
    portalRef: `DEMO-${stamp}-${randomBytes(4).toString('hex').toUpperCase()}`,
    kind: values.kind,
    entityName: values.entityName,
    documents: SAMPLE_DOCUMENTS.map((name) => ({ name, sha256: sha256(name) })),
    participants: values.people.map((p) => ({
      name: p.name,
      idType: p.idType,
      idNumber: p.idNumber,
      roles: splitRoles(p.roles),
      actions: ['verify', 'sign'],
    })),
  });
  if (parsed.success) return { ok: true, request: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) errors[fieldOfIssue(issue.path)] ??= issue.message;
  return { ok: false, errors };
}

/**
 * The demo portal: a form that registers a matter for the `demo` tenant, that matter's 提交 page
 * (live through the browser SDK), and the two backend calls a real portal makes server to server
 * with its key — viewer tokens and 提交 — done here on the page's behalf, so no key reaches a browser.
 */
export function demoRoutes(services: Services): Router {
  const router = new Router({ prefix: '/demo' });
  const formScripts = ['/demo/assets/demo-form.js'];
  const pageScripts = ['/portal-sdk.js', '/demo/assets/matter-page.js'];

  router.get('/', (ctx) => sendHtml(ctx, renderDemoForm({ values: DEFAULT_VALUES, scripts: formScripts })));

  router.post('/matters', sameOriginOnly, formOrJson, async (ctx) => {
    const values = formValues(ctx.request.body);
    const result = demoRequest(values, services.now());
    if (!result.ok) {
      if (ctx.is('application/json', '+json') && ctx.accepts('html', 'json') === 'json') {
        throw validationFailed(Object.entries(result.errors).map(([path, message]) => ({ path, message })));
      }
      return sendHtml(ctx, renderDemoForm({ values, errors: result.errors, scripts: formScripts }), 400);
    }
    const { state } = await createMatter(services, { tenant: DEMO_TENANT, input: result.request });
    ctx.status = 303;
    ctx.redirect(`/demo/matters/${encodeURIComponent(state.matter._id)}`);
  });

  router.get('/matters/:id', async (ctx) => {
    if (ctx.params.id.length > 64) return sendHtml(ctx, renderNotFoundPage(), 404);
    let view;
    try {
      view = presentMatter(await readMatter(services, { tenant: DEMO_TENANT, matterId: ctx.params.id }));
    } catch (err) {
      if (err instanceof AppError && err.status === 404) return sendHtml(ctx, renderNotFoundPage(), 404);
      throw err;
    }
    const entry = presentEntry(services.config, view.id);
    const sandbox = services.config.IDENTITY_PROVIDER === 'sandbox';
    // Each platform's code where it is one of this deployment's (the sandbox: the H5 preview and a stand-in WeChat code).
    const alipay = sandbox || services.config.livePlatforms.includes('alipay');
    const qrSvg = alipay ? await QRCode.toString(entry.qrText, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) : null;
    const weappCode = entry.weappQrUrl ? `/entry/${encodeURIComponent(view.id)}/weapp.png` : null;
    sendHtml(ctx, renderMatterPage({ view, qrText: entry.qrText, qrSvg, weappCode, sandbox, scripts: pageScripts }));
  });

  router.post('/matters/:id/viewer-token', sameOriginOnly, async (ctx) => {
    ctx.status = 201;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = presentViewerToken(await issueViewerToken(services, { tenant: DEMO_TENANT, matterId: ctx.params.id }));
  });

  router.post('/matters/:id/submit', sameOriginOnly, async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = presentSubmission(await submitMatter(services, { tenant: DEMO_TENANT, matterId: ctx.params.id }));
  });

  router.get('/assets/:name', async (ctx, next) => {
    const name = ({ 'matter-page.js': 'matterPage', 'demo-form.js': 'demoForm' } as const)[
      ctx.params.name as 'matter-page.js' | 'demo-form.js'
    ];
    if (!name) return next();
    sendAsset(ctx, name);
  });

  return router;
}
