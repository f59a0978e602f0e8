import Router from '@koa/router';
import { CallbackRegistrationRequestSchema } from '@regverify/shared';
import { newCallbackSecret } from '../../callbacks/signature';
import { notFound } from '../../errors';
import { validate } from '../../middleware/validate';
import type { Services } from '../../services';

/** Production demands https: callbacks carry matter state, and their secret must not travel in clear. */
const HttpsCallbackRequestSchema = CallbackRegistrationRequestSchema.refine((b) => b.url.startsWith('https://'), {
  message: '生产环境的回调地址须为 https',
  path: ['url'],
});

/**
 * A tenant's callback URL (docs/callbacks.md), on the portal router (its key check and its one
 * rate-limit budget apply once). PUT issues a new signing secret each time — shown in
 * this one answer only, stored encrypted — so PUT again is also how the secret is rotated.
 */
export function addCallbackRoutes(router: Router<{ tenant: string }>, services: Services): void {
  const { Tenant } = services.models;
  const body = services.config.NODE_ENV === 'production' ? HttpsCallbackRequestSchema : CallbackRegistrationRequestSchema;

  router.put('/callback', validate({ body }), async (ctx) => {
    const secret = newCallbackSecret();
    const doc = { _id: ctx.state.tenant, callbackUrl: ctx.state.input.body.url, secretEnc: services.vault.encrypt(secret), updatedAt: services.now() };
    try {
      await Tenant.replaceOne({ _id: doc._id }, doc, { upsert: true });
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      await Tenant.replaceOne({ _id: doc._id }, doc); // two first registrations raced: the later one wins
    }
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { url: doc.callbackUrl, secret };
  });

  router.get('/callback', async (ctx) => {
    const tenant = await Tenant.findById(ctx.state.tenant).lean();
    if (!tenant?.callbackUrl) throw notFound();
    ctx.body = { url: tenant.callbackUrl };
  });

  router.delete('/callback', async (ctx) => {
    await Tenant.deleteOne({ _id: ctx.state.tenant });
    ctx.body = { url: null };
  });
}
