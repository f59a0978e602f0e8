import { readMatter } from '../queries/matterReader';
import type { Services } from '../services';

/** A short-lived token with which a portal page watches one of its tenant's matters live. */
export async function issueViewerToken(
  services: Services,
  props: { tenant: string; matterId: string },
): Promise<{ token: string; expiresAt: Date }> {
  const state = await readMatter(services, props);
  return services.viewerTokens.issue({ matterId: state.matter._id, tenant: state.matter.tenant });
}
