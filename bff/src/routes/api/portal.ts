import Router from '@koa/router';
import {
  CreateMatterRequestSchema,
  MatterPathSchema,
  ReplaceDocumentsRequestSchema,
  TaskPathSchema,
} from '@regverify/shared';
import { portalAuth } from '../../auth/portal';
import { cancelMatter } from '../../commands/matterCanceller';
import { createMatter } from '../../commands/matterCreator';
import { readMatter } from '../../commands/matterReader';
import { redactMatter } from '../../commands/matterRedactor';
import { replaceDocuments } from '../../commands/documentsReplacer';
import { submitMatter } from '../../commands/matterSubmitter';
import { readSignature } from '../../commands/signatureReader';
import { validate } from '../../middleware/validate';
import { presentEntry } from '../../presenters/entry';
import { presentMatter } from '../../presenters/matter';
import { addCallbackRoutes } from './portalCallbacks';
import type { Services } from '../../services';

/** Portal backend → BFF, server to server, authenticated by portal key (one tenant per key). */
export function portalRoutes(services: Services): Router<{ tenant: string }> {
  const router = new Router<{ tenant: string }>({ prefix: '/api/portal' });
  router.use(portalAuth(services.config.PORTAL_KEYS));
  router.use(services.rateLimits.limit<{ tenant: string }>('portal', (ctx) => ctx.state.tenant));

  router.post('/matters', validate({ body: CreateMatterRequestSchema }), async (ctx) => {
    const { state, created } = await createMatter(services, { tenant: ctx.state.tenant, input: ctx.state.input.body });
    ctx.status = created ? 201 : 200;
    ctx.body = { matter: presentMatter(state), entry: presentEntry(services.config, state.matter._id) };
  });

  router.get('/matters/:id', validate({ params: MatterPathSchema }), async (ctx) => {
    ctx.body = presentMatter(await readMatter(services, { tenant: ctx.state.tenant, matterId: ctx.state.input.params.id }));
  });

  router.put('/matters/:id/documents', validate({ params: MatterPathSchema, body: ReplaceDocumentsRequestSchema }), async (ctx) => {
    const { params, body } = ctx.state.input;
    ctx.body = presentMatter(await replaceDocuments(services, { tenant: ctx.state.tenant, matterId: params.id, documents: body.documents }));
  });

  router.post('/matters/:id/viewer-token', validate({ params: MatterPathSchema }), async (ctx) => {
    const state = await readMatter(services, { tenant: ctx.state.tenant, matterId: ctx.state.input.params.id });
    const { token, expiresAt } = await services.viewerTokens.issue({ matterId: state.matter._id, tenant: state.matter.tenant });
    ctx.status = 201;
    ctx.body = { token, expiresAt: expiresAt.toISOString() };
  });

  router.post('/matters/:id/submit', validate({ params: MatterPathSchema }), async (ctx) => {
    const { state, submittedAt } = await submitMatter(services, { tenant: ctx.state.tenant, matterId: ctx.state.input.params.id });
    ctx.body = { matter: presentMatter(state), submittedAt: submittedAt.toISOString() };
  });

  router.delete('/matters/:id', validate({ params: MatterPathSchema }), async (ctx) => {
    ctx.body = presentMatter(await cancelMatter(services, { tenant: ctx.state.tenant, matterId: ctx.state.input.params.id }));
  });

  router.post('/matters/:id/redact', validate({ params: MatterPathSchema }), async (ctx) => {
    ctx.body = presentMatter(await redactMatter(services, { tenant: ctx.state.tenant, matterId: ctx.state.input.params.id }));
  });

  router.get('/matters/:id/tasks/:taskId/signature', validate({ params: TaskPathSchema }), async (ctx) => {
    const { id, taskId } = ctx.state.input.params;
    const png = await readSignature(services, { tenant: ctx.state.tenant, matterId: id, taskId });
    ctx.type = 'image/png';
    ctx.set('Cache-Control', 'no-store');
    ctx.body = png;
  });

  addCallbackRoutes(router, services);

  return router;
}
