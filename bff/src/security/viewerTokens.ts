import { jwtVerify, SignJWT, errors as joseErrors } from 'jose';

const AUDIENCE = 'regverify:portal-viewer';
const ISSUER = 'regverify';

/**
 * Viewer tokens: short-lived HS256 JWTs good for one matter of one tenant, safe to hand to a
 * browser (they only let it watch that matter's status).
 */
export interface ViewerTokens {
  issue(claims: { matterId: string; tenant: string }): Promise<{ token: string; expiresAt: Date }>;
  /** The claims of a valid token; null for a bad, forged or expired one. */
  verify(token: string): Promise<{ matterId: string; tenant: string; expiresAt: Date } | null>;
}

export function createViewerTokens(secret: string, ttlSeconds: number, now: () => Date = () => new Date()): ViewerTokens {
  const key = new TextEncoder().encode(secret);
  return {
    async issue({ matterId, tenant }) {
      const iat = Math.floor(now().getTime() / 1000);
      const exp = iat + ttlSeconds;
      const token = await new SignJWT({ tenant })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(matterId)
        .setAudience(AUDIENCE)
        .setIssuer(ISSUER)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(key);
      return { token, expiresAt: new Date(exp * 1000) };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, { audience: AUDIENCE, issuer: ISSUER, algorithms: ['HS256'], currentDate: now() });
        if (typeof payload.sub !== 'string' || typeof payload.tenant !== 'string' || typeof payload.exp !== 'number') return null;
        return { matterId: payload.sub, tenant: payload.tenant, expiresAt: new Date(payload.exp * 1000) };
      } catch (err) {
        if (err instanceof joseErrors.JOSEError) return null;
        throw err;
      }
    },
  };
}
