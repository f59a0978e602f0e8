import { encodeEntryScene } from '@regverify/shared';
import { findByIdDirect, insertDirect } from '../db/direct';
import { AppError } from '../errors';
import type { EntryCodeDoc } from '../models/entryCode';
import type { MiniProgramCode } from '../providers/wechat/miniProgramCode';
import type { Services } from '../services';
import { providerFailure } from './providerFailure';

/** The page a matter's code opens; it reads the matter from the code's scene. */
export const ENTRY_PAGE = 'pages/entry/index';

/** Codes being made on this node, so that many pages opening at once make one. */
const making = new Map<string, Promise<MiniProgramCode>>();

/**
 * The WeChat mini-program code of a matter: the one kept in `entry_codes`, or made with
 * wxacode.getUnlimited (the sandbox draws a stand-in) and kept, once per matter across nodes (a
 * second node that made one at the same moment keeps the first). Only a matter that exists has a
 * code, so nobody can spend WeChat's rate limit on made-up ids; `404` otherwise, and `404` too
 * where WeChat is not a platform of this deployment.
 */
export async function weappEntryCode(services: Services, matterId: string): Promise<MiniProgramCode> {
  const codes = services.platforms.weapp?.codes;
  if (!codes || !/^[0-9a-f]{32}$/.test(matterId)) throw new AppError('not_found');
  const kept = await findByIdDirect<EntryCodeDoc>(services.models.EntryCode, matterId);
  if (kept) return { contentType: kept.contentType, bytes: Buffer.from(kept.image, 'base64') };

  const state = await services.ledger.load(matterId);
  if (!state) throw new AppError('not_found');
  let made = making.get(matterId);
  if (!made) {
    made = (async () => {
      const code = await codes
        .unlimited({ scene: encodeEntryScene(matterId), page: ENTRY_PAGE, envVersion: services.config.WECHAT_CODE_ENV })
        .catch(providerFailure);
      try {
        await insertDirect(services.models.EntryCode, {
          _id: matterId,
          tenant: state.matter.tenant,
          contentType: code.contentType,
          image: code.bytes.toString('base64'),
          createdAt: services.now(),
          expiresAt: state.matter.expiresAt,
        });
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
        const first = await findByIdDirect<EntryCodeDoc>(services.models.EntryCode, matterId);
        if (first) return { contentType: first.contentType, bytes: Buffer.from(first.image, 'base64') };
      }
      return code;
    })().finally(() => making.delete(matterId));
    making.set(matterId, made);
  }
  return made;
}
