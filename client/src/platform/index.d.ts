import type { PlatformPort } from './port';

/** Resolved per build target to index.weapp.ts, index.alipay.ts or index.h5.ts. */
export declare const platform: PlatformPort;
export type { FaceCheckOutcome, HttpResponse, PlatformName, PlatformPort } from './port';
