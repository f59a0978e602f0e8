import type { IdType } from '@regverify/shared';

/**
 * The identity port: face checks against the national identity database through a platform
 * (Alipay certify, WeChat face verification) or the sandbox. The client only runs the check the
 * server started; the result always comes from `query`, never from the client.
 */

/** Whose face is checked: clear values, decrypted just for the provider call, never logged. */
export interface FaceCheckSubject {
  name: string;
  idType: IdType;
  idNumber: string;
}

export interface StartFaceCheckInput {
  /** Our reference for this attempt (the verification id): ≤ 32 letters and digits, unique. */
  outerNo: string;
  subject: FaceCheckSubject;
  /** The platform user (Alipay user id / WeChat openid) of the session that asks. */
  platformUserId: string;
}

export interface StartedFaceCheck {
  /** The provider's id of the attempt (Alipay certify_id, WeChat verify_id, sandbox id). */
  providerRef: string;
  /** What the mini-program passes to the platform API (`my.startAPVerify`, `wx.requestFacialVerify`). */
  params: Record<string, unknown>;
}

export interface QueryFaceCheckInput extends StartFaceCheckInput {
  providerRef: string;
}

export interface FaceCheckResult {
  status: 'passed' | 'failed' | 'pending';
  /** A readable Chinese reason for a failure, when the provider gives one. */
  reason?: string;
  /** The captured face as a data URL, when the provider returns one; shown once, never stored. */
  facePicture?: string;
}

export interface IdentityProvider {
  readonly name: 'sandbox' | 'alipay' | 'wechat';
  /** Document types this provider can face-check; the others go to manual review. */
  supports(idType: IdType): boolean;
  start(input: StartFaceCheckInput): Promise<StartedFaceCheck>;
  query(input: QueryFaceCheckInput): Promise<FaceCheckResult>;
}

/** Mini-program login: a platform's one-time code → a stable platform user id. */
export interface LoginProvider {
  /**
   * `accountToken`: what the platform gave for asking about the account later (Alipay's user access
   * token), kept sealed with the session; none where the platform gives nothing of the kind.
   */
  login(code: string): Promise<{ platformUserId: string; accountToken?: string }>;
}

/**
 * Whether the platform account is the person's own: asked with the account's token before its
 * face check. `unknown` where the platform does not say (not granted, not applicable): the face
 * check itself still compares the face with the document.
 */
export interface AccountOwnerCheck {
  check(input: { accountToken: string; subject: FaceCheckSubject }): Promise<'owner' | 'not_owner' | 'unknown'>;
}

/** Best-effort prefill of name and ID number from the platform's user authorization. */
export interface PrefillProvider {
  prefill(authCode: string): Promise<{ name: string; idNumber: string } | null>;
}

export type ProviderFailure =
  /** The login or auth code was refused (invalid, used, expired). */
  | 'invalid_code'
  /** The provider could not be reached or answered with a server error. */
  | 'unavailable'
  /** The answer failed its signature check or did not match what we asked. */
  | 'bad_response'
  /** The provider refused the request (parameters, quota, risk control). */
  | 'rejected';

/** Every adapter failure is one of these; the routes map them to stable error codes. */
export class ProviderError extends Error {
  constructor(
    readonly failure: ProviderFailure,
    message: string,
    readonly providerCode?: string,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}
