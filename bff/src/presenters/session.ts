import { iso } from './iso';

/** A new mini-program session: its bearer token, shown this once. */
export const presentSession = ({ token, expiresAt }: { token: string; expiresAt: Date }) => ({ token, expiresAt: iso(expiresAt)! });

export const presentLogout = () => ({ status: 'logged_out' as const });

/** A confirmation recorded. */
export const presentConfirmation = () => ({ status: 'confirmed' as const });
