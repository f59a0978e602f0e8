import type { MatterState } from '../ledger/ledger';
import { iso } from './iso';
import { presentMatter } from './matter';

/** A viewer token for a portal page. */
export const presentViewerToken = ({ token, expiresAt }: { token: string; expiresAt: Date }) => ({ token, expiresAt: iso(expiresAt)! });

/** The answer to 提交: the submitted matter and when. */
export const presentSubmission = ({ state, submittedAt }: { state: MatterState; submittedAt: Date }) => ({
  matter: presentMatter(state),
  submittedAt: iso(submittedAt)!,
});

/** A callback registration: the only answer that ever shows the signing secret. */
export const presentCallbackRegistration = ({ url, secret }: { url: string; secret: string }) => ({ url, secret });

/** The registered callback URL (never the secret). */
export const presentCallback = ({ url }: { url: string }) => ({ url });

/** Callbacks stopped. */
export const presentCallbackDeleted = () => ({ url: null });
