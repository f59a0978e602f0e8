import { SandboxOutcomeRequestSchema, SandboxOutcomeResponseSchema, VerificationPathSchema } from '@regverify/shared';
import { recordSandboxOutcome } from '../../commands/sandboxOutcomeRecorder';
import { defineRoute, type AnyRoute } from '../route';

/** What the simulated face screen calls to choose the outcome of a sandbox face check. */
export const sandboxRoutes: AnyRoute[] = [
  defineRoute({
    operationId: 'setSandboxOutcome',
    tag: 'sandbox',
    auth: 'none',
    method: 'post',
    path: '/api/sandbox/verifications/{id}/outcome',
    summary: 'Sandbox only: the simulated face screen chooses pass or fail',
    description: 'Served only when IDENTITY_PROVIDER=sandbox (never in production).',
    enabledWhen: (config) => config.IDENTITY_PROVIDER === 'sandbox',
    params: VerificationPathSchema,
    body: SandboxOutcomeRequestSchema,
    answer: { status: 200, schema: SandboxOutcomeResponseSchema, description: 'The outcome recorded' },
    errors: ['not_found'],
    handle: async (req, { services }) => ({
      outcome: await recordSandboxOutcome(services, { verificationId: req.params.id, ...req.body }),
    }),
  }),
];
