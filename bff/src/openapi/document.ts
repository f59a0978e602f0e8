import { z } from 'zod';
import * as S from '@regverify/shared';
import { ReviewDecisionSchema } from '../routes/api/operator';

type Op = {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  auth?: 'portal' | 'session' | 'operator';
  body?: z.ZodType;
  ok: { status: number; schema?: z.ZodType; type?: string };
  errors: string[];
};

/** Every endpoint: the routes use the same schemas, so this document cannot drift from them. */
const OPERATIONS: Op[] = [
  { method: 'get', path: '/healthz', summary: 'Liveness', ok: { status: 200 }, errors: [] },
  { method: 'get', path: '/readyz', summary: 'Readiness (database reachable)', ok: { status: 200 }, errors: ['database_unavailable', 'shutting_down'] },
  { method: 'post', path: '/api/portal/matters', summary: 'Register a matter and its people (idempotent on portalRef)', auth: 'portal', body: S.CreateMatterRequestSchema, ok: { status: 201, schema: S.CreateMatterResponseSchema }, errors: ['validation_failed', 'portal_ref_conflict', 'unauthorized', 'rate_limited'] },
  { method: 'get', path: '/api/portal/matters/{id}', summary: 'Read a matter', auth: 'portal', ok: { status: 200, schema: S.MatterViewSchema }, errors: ['not_found', 'unauthorized', 'rate_limited'] },
  { method: 'put', path: '/api/portal/matters/{id}/documents', summary: 'Replace the documents (voids every confirmation)', auth: 'portal', body: S.ReplaceDocumentsRequestSchema, ok: { status: 200, schema: S.MatterViewSchema }, errors: ['not_found', 'unauthorized', 'matter_expired', 'matter_cancelled', 'matter_submitted', 'rate_limited'] },
  { method: 'post', path: '/api/portal/matters/{id}/viewer-token', summary: 'A short-lived token for the live status of this matter', auth: 'portal', ok: { status: 201, schema: S.ViewerTokenResponseSchema }, errors: ['not_found', 'unauthorized', 'rate_limited'] },
  { method: 'post', path: '/api/portal/matters/{id}/submit', summary: 'Submit (server-side gate; idempotent)', auth: 'portal', ok: { status: 200, schema: S.SubmitResponseSchema }, errors: ['matter_not_ready', 'matter_expired', 'matter_cancelled', 'not_found', 'unauthorized', 'rate_limited'] },
  { method: 'delete', path: '/api/portal/matters/{id}', summary: 'Cancel (撤销)', auth: 'portal', ok: { status: 200, schema: S.MatterViewSchema }, errors: ['matter_submitted', 'matter_expired', 'not_found', 'unauthorized', 'rate_limited'] },
  { method: 'get', path: '/api/portal/matters/{id}/tasks/{taskId}/signature', summary: 'The signature PNG of a person', auth: 'portal', ok: { status: 200, type: 'image/png' }, errors: ['signature_not_found', 'personal_data_purged', 'not_found', 'unauthorized', 'rate_limited'] },
  { method: 'post', path: '/api/portal/matters/{id}/redact', summary: "Redact: delete the people's personal data of a submitted, expired or cancelled matter now (idempotent). See docs/privacy.md", auth: 'portal', ok: { status: 200, schema: S.RedactResponseSchema }, errors: ['matter_active', 'not_found', 'unauthorized', 'rate_limited'] },
  { method: 'post', path: '/api/mp/session', summary: 'Mini-program login', body: S.SessionRequestSchema, ok: { status: 201, schema: S.SessionResponseSchema }, errors: ['invalid_login_code', 'platform_not_supported', 'provider_unavailable', 'rate_limited'] },
  { method: 'post', path: '/api/mp/session/logout', summary: 'Log out: the session token stops working at once (again with it → 401)', auth: 'session', ok: { status: 200, schema: S.LogoutResponseSchema }, errors: ['unauthorized'] },
  { method: 'put', path: '/api/mp/identity', summary: 'Enter name, document type and number (with consent)', auth: 'session', body: S.IdentityRequestSchema, ok: { status: 200, schema: S.IdentityResponseSchema }, errors: ['validation_failed', 'unauthorized', 'rate_limited'] },
  { method: 'post', path: '/api/mp/identity/prefill', summary: 'Best-effort prefill from the platform authorization', auth: 'session', body: S.PrefillRequestSchema, ok: { status: 200, schema: S.PrefillResponseSchema }, errors: ['prefill_unavailable'] },
  { method: 'post', path: '/api/mp/bankcard-checks', summary: 'Bank-card check of a resident ID holder', auth: 'session', body: S.BankCardCheckRequestSchema, ok: { status: 200, schema: S.BankCardCheckResponseSchema }, errors: ['identity_required', 'bank_card_not_required', 'provider_unavailable', 'rate_limited'] },
  { method: 'post', path: '/api/mp/verifications', summary: 'Start a face check (entry, or one task)', auth: 'session', body: S.StartVerificationRequestSchema, ok: { status: 201, schema: S.StartVerificationResponseSchema }, errors: ['unauthorized', 'identity_required', 'bank_card_required', 'entry_verification_required', 'manual_review_required', 'task_not_pending', 'matter_expired', 'matter_cancelled', 'matter_submitted', 'not_found', 'provider_unavailable', 'provider_error', 'rate_limited', 'face_check_locked'] },
  { method: 'post', path: '/api/mp/verifications/{id}/complete', summary: 'Ask the provider for the result', auth: 'session', ok: { status: 200, schema: S.VerificationResultSchema }, errors: ['not_found', 'provider_unavailable', 'provider_error'] },
  { method: 'get', path: '/api/mp/todos', summary: "This person's to-dos of the last 7 days", auth: 'session', ok: { status: 200, schema: S.TodosResponseSchema }, errors: ['entry_verification_required'] },
  { method: 'get', path: '/api/mp/todos/{taskId}', summary: 'One to-do with its documents and digest', auth: 'session', ok: { status: 200, schema: S.TodoDetailSchema }, errors: ['entry_verification_required', 'not_found'] },
  { method: 'post', path: '/api/mp/todos/{taskId}/confirm', summary: 'Confirm and sign', auth: 'session', body: S.ConfirmRequestSchema, ok: { status: 200, schema: S.ConfirmResponseSchema }, errors: ['unauthorized', 'not_found', 'entry_verification_required', 'digest_mismatch', 'task_verification_required', 'manual_review_required', 'verification_used', 'verification_expired', 'verification_mismatch', 'verification_not_passed', 'signature_required', 'signature_blank', 'signature_invalid', 'payload_too_large', 'task_not_pending', 'matter_expired', 'matter_cancelled', 'matter_submitted'] },
  { method: 'post', path: '/api/sandbox/verifications/{id}/outcome', summary: 'Sandbox only: the simulated face screen chooses pass or fail', body: S.SandboxOutcomeRequestSchema, ok: { status: 200 }, errors: ['not_found'] },
  { method: 'post', path: '/api/operator/tasks/{taskId}/review', summary: 'Operator: manual review decision', auth: 'operator', body: ReviewDecisionSchema, ok: { status: 200, schema: S.MatterViewSchema }, errors: ['review_not_pending', 'not_found', 'unauthorized', 'matter_expired'] },
  { method: 'put', path: '/api/portal/callback', summary: 'Register the callback URL; answers a new signing secret (shown only here; PUT again rotates it). See docs/callbacks.md', auth: 'portal', body: S.CallbackRegistrationRequestSchema, ok: { status: 200, schema: S.CallbackRegistrationResponseSchema }, errors: ['validation_failed', 'unauthorized', 'rate_limited'] },
  { method: 'get', path: '/api/portal/callback', summary: 'The registered callback URL', auth: 'portal', ok: { status: 200, schema: S.CallbackStatusResponseSchema }, errors: ['not_found', 'unauthorized', 'rate_limited'] },
  { method: 'delete', path: '/api/portal/callback', summary: 'Stop callbacks (changes from now on are not delivered)', auth: 'portal', ok: { status: 200, schema: S.CallbackDeletedResponseSchema }, errors: ['unauthorized', 'rate_limited'] },
];

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' });

/** The OpenAPI 3.0 document of the whole API, generated from the zod schemas. */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const errorSchema = jsonSchema(S.ErrorBodySchema, 'output');
    paths[op.path] = {
      ...paths[op.path],
      [op.method]: {
        summary: op.summary,
        ...(op.auth ? { security: [{ [op.auth]: [] }] } : {}),
        ...(params.length ? { parameters: params } : {}),
        ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } } : {}),
        responses: {
          [op.ok.status]: {
            description: 'OK',
            ...(op.ok.schema ? { content: { 'application/json': { schema: jsonSchema(op.ok.schema, 'output') } } } : {}),
            ...(op.ok.type ? { content: { [op.ok.type]: {} } } : {}),
          },
          default: {
            description: `Error envelope. Codes: ${[...new Set([...op.errors, 'validation_failed', 'rate_limited', 'internal_error'])].map((c) => `\`${c}\` (${S.errorMessage(c)})`).join(', ')}`,
            content: { 'application/json': { schema: errorSchema } },
          },
        },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'regverify — 登记注册身份验证', version: '1.0.0', description: 'Portal, mini-program and operator API. The contract of API.md is kept inside this document.' },
    components: {
      securitySchemes: {
        portal: { type: 'http', scheme: 'bearer', description: 'Portal key (one tenant per key)' },
        session: { type: 'http', scheme: 'bearer', description: 'Mini-program session token from POST /api/mp/session' },
        operator: { type: 'http', scheme: 'bearer', description: 'Operator key' },
      },
    },
    paths,
  };
}
