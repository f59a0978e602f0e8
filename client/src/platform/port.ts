/**
 * The one door to the platform (Alipay, WeChat, H5). Pages and services use only this; nothing
 * else in the client touches `my.*` or `wx.*`. Each platform implements it in `index.<platform>.ts`,
 * which Taro picks by the build target when code imports `../platform`.
 */
export type PlatformName = 'alipay' | 'weapp' | 'h5';

export interface FaceCheckOutcome {
  /** The face screen ran to its end (the result still comes from the server, never from here). */
  finished: boolean;
  /** The person backed out of the face screen. */
  cancelled?: boolean;
  /** A readable reason when the platform could not run the check at all. */
  problem?: string;
}

export interface HttpResponse {
  status: number;
  data: unknown;
}

export interface PlatformPort {
  readonly name: PlatformName;
  /** A one-time login code for `POST /api/mp/session`. */
  loginCode(): Promise<string>;
  /** An auth code for prefill (Alipay `auth_user`); null where the platform has none or the person declines. */
  prefillAuthCode(): Promise<string | null>;
  /** Runs the provider's real face screen with the parameters the server gave. */
  runFaceCheck(provider: 'alipay' | 'wechat', params: Record<string, unknown>): Promise<FaceCheckOutcome>;
  /** JSON over HTTPS; rejects only when the network fails. */
  request(options: {
    url: string;
    method: 'GET' | 'POST' | 'PUT' | 'DELETE';
    data?: unknown;
    headers: Record<string, string>;
  }): Promise<HttpResponse>;
  /**
   * Opens a PDF the server serves with the session's credential: the platform's document viewer in
   * mini-programs (download, then open); an in-page viewer in H5. Rejects with a readable reason
   * when it cannot be fetched (`status` is the server's answer, 0 when the network failed).
   */
  openDocument(options: { url: string; headers: Record<string, string>; title: string }): Promise<void>;
  /**
   * Which events the signature pad listens to: touch events in mini-programs (their canvas gives
   * canvas-relative x/y); pointer events in a browser that has them (mouse, pen and touch), else touch.
   */
  drawingEvents(): 'touch' | 'pointer';
  /** A Canvas 2D node (from a selector query) as a `data:image/png;base64,…` URL. */
  canvasToPngDataUrl(canvas: unknown): Promise<string>;
  storage: {
    get(key: string): string | null;
    set(key: string, value: string): void;
    remove(key: string): void;
  };
}
