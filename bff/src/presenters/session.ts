import { iso } from './iso';

/** A new mini-program session: its bearer token, shown this once. */
export const presentSession = ({ token, expiresAt }: { token: string; expiresAt: Date }) => ({ token, expiresAt: iso(expiresAt)! });

export const presentLogout = () => ({ status: 'logged_out' as const });

/** A confirmation recorded. */
export const presentConfirmation = () => ({ status: 'confirmed' as const });

/** A console session: the operator, their tenants, and the CSRF token of every change. */
export const presentOperatorSession = (props: { operator: string; tenants: '*' | string[]; csrfToken: string; expiresAt: Date }) => ({
  operator: { name: props.operator, tenants: props.tenants },
  csrfToken: props.csrfToken,
  expiresAt: iso(props.expiresAt)!,
});
