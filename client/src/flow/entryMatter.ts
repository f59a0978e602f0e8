import { decodeEntryScene } from '@regverify/shared/entryScene';
import { queryValue } from '../navigation';

/**
 * The matter a person arrives with, from the entry page's query: `matterId` from the Alipay code,
 * the H5 link and the to-do list; `scene` from a WeChat mini-program code (wxacode.getUnlimited),
 * which WeChat hands over URL-encoded. Anything else is no matter: the person just starts.
 */
export function entryMatterId(params: Partial<Record<string, string | undefined>>): string | null {
  const direct = queryValue(params.matterId);
  if (direct) return direct;
  return params.scene ? decodeEntryScene(params.scene) : null;
}
