import { createHash } from 'node:crypto';
import type { LoginProvider } from '../identity';

/** Sandbox login: any non-empty code; the same code (on the same platform) is the same user. */
export function createSandboxLoginProvider(platform: string): LoginProvider {
  return {
    async login(code) {
      return { platformUserId: `sbx-${createHash('sha256').update(`${platform}:${code}`).digest('hex').slice(0, 24)}` };
    },
  };
}
