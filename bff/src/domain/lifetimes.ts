/** How long things live. Matters and their tasks: 7 days (SPEC); the rest is ours to choose. */
export const LIFETIMES = {
  matterMs: 7 * 24 * 3600_000,
  sessionMs: 2 * 3600_000,
  /** A started face check that never finishes stops being usable after this. */
  verificationStartMs: 30 * 60_000,
  /** A passed face check must be used (to confirm, or to open the to-do list) within this. */
  verificationUseMs: 10 * 60_000,
  viewerTokenS: 15 * 60,
  /** A window operator's console session: at most a working day, and half an hour idle. */
  operatorSessionMs: 8 * 3600_000,
  operatorIdleMs: 30 * 60_000,
} as const;
