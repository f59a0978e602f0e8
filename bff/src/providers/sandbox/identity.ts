import type { IdType } from '@regverify/shared';
import type { SandboxOutcomeModel } from '../../models/sandboxOutcome';
import type { IdentityProvider } from '../identity';
import { SIMULATED_FACE } from './simulatedFace';

/** The document types Alipay's face check accepts; the others go to manual review, as in production. */
const SUPPORTED: ReadonlySet<IdType> = new Set(['resident_id', 'hk_macau_permit', 'taiwan_permit', 'hmt_residence_permit']);

/**
 * The sandbox face check, for simulators, the H5 preview and tests: the simulated face screen
 * records pass or fail through `POST /api/sandbox/verifications/:id/outcome`, and `query` reads
 * that record, the way a real adapter asks its provider. Never available in production.
 */
export function createSandboxIdentityProvider(outcomes: SandboxOutcomeModel): IdentityProvider {
  return {
    name: 'sandbox',
    supports: (idType) => SUPPORTED.has(idType),
    async start({ outerNo }) {
      return {
        providerRef: `sbx_${outerNo}`,
        params: { simulated: true, verificationId: outerNo, outcomePath: `/api/sandbox/verifications/${outerNo}/outcome` },
      };
    },
    async query({ providerRef }) {
      const outcome = await outcomes.findById(providerRef).lean();
      if (!outcome) return { status: 'pending' };
      if (outcome.outcome === 'fail') return { status: 'failed', reason: outcome.reason ?? '人像比对未通过（模拟）' };
      return { status: 'passed', facePicture: SIMULATED_FACE };
    },
  };
}
