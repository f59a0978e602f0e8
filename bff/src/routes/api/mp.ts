import {
  BankCardCheckRequestSchema,
  BankCardCheckResponseSchema,
  ConfirmRequestSchema,
  ConfirmResponseSchema,
  ConsentResponseSchema,
  DeclineRequestSchema,
  DeclineResponseSchema,
  DocumentIndexPathSchema,
  IdentityRequestSchema,
  IdentityResponseSchema,
  LogoutResponseSchema,
  PrefillRequestSchema,
  PrefillResponseSchema,
  SessionRequestSchema,
  ServiceInfoResponseSchema,
  SessionResponseSchema,
  StartVerificationRequestSchema,
  StartVerificationAnswerSchema,
  TaskIdPathSchema,
  TodoDetailSchema,
  TodosResponseSchema,
  VerificationPathSchema,
  VerificationResultSchema,
} from '@regverify/shared';
import { checkBankCard } from '../../commands/bankCardChecker';
import { setIdentity } from '../../commands/identitySetter';
import { prefillIdentity } from '../../commands/identityPrefiller';
import { createSession } from '../../commands/sessionCreator';
import { endSession } from '../../commands/sessionEnder';
import { confirmTask } from '../../commands/taskConfirmer';
import { declineTask } from '../../commands/taskDecliner';
import { openDocument } from '../../commands/documentOpener';
import { viewedDocuments } from '../../queries/documentViews';
import { completeVerification } from '../../commands/verificationCompleter';
import { startVerification } from '../../commands/verificationStarter';
import { listTodos, readTodo } from '../../queries/todoReader';
import { presentConsent } from '../../presenters/consent';
import { presentServiceInfo } from '../../presenters/serviceInfo';
import { presentBankCardResult, presentIdentity, presentPrefill } from '../../presenters/identity';
import { presentConfirmation, presentLogout, presentSession } from '../../presenters/session';
import { presentTodo, presentTodoDetail } from '../../presenters/todo';
import { presentVerificationResult, presentVerificationStart } from '../../presenters/verification';
import { defineRoute, Reply, type AnyRoute, type RouteLimit } from '../route';

const mp = { tag: 'mini-program', auth: 'session' } as const;
const perSession = (name: RouteLimit<'session'>['name']): RouteLimit<'session'> => ({ name, key: (req) => req.session._id });

/** Mini-program → BFF. Login is open; everything else needs the session token. */
export const mpRoutes: AnyRoute[] = [
  defineRoute({
    operationId: 'createSession',
    tag: 'mini-program',
    auth: 'none',
    method: 'post',
    path: '/api/mp/session',
    summary: 'Mini-program login',
    limits: [{ name: 'login', key: (req) => req.ip }],
    body: SessionRequestSchema,
    answer: { status: 201, schema: SessionResponseSchema, description: 'The session token (2 hours)' },
    errors: ['invalid_login_code', 'platform_not_supported', 'provider_unavailable', 'provider_error'],
    handle: async (req, { services }) => presentSession(await createSession(services, req.body)),
  }),
  defineRoute({
    operationId: 'getConsent',
    tag: 'mini-program',
    auth: 'none',
    method: 'get',
    path: '/api/mp/consent',
    summary:
      'The current 《个人信息处理规则》: its text, version and SHA-256 (no session needed); PUT /api/mp/identity must name this version',
    answer: { status: 200, schema: ConsentResponseSchema, description: 'The rules the person agrees to' },
    errors: [],
    handle: () => new Reply(presentConsent(), 200, { 'Cache-Control': 'no-cache' }),
  }),
  defineRoute({
    operationId: 'getServiceInfo',
    tag: 'mini-program',
    auth: 'none',
    method: 'get',
    path: '/api/mp/service-info',
    summary:
      'What the mini-program shows that depends on the deployment: the platforms live, FAQ 1, the 技术支持 QR code (no session needed)',
    answer: { status: 200, schema: ServiceInfoResponseSchema, description: "The deployment's words and images" },
    errors: [],
    handle: (_req, { config }) => new Reply(presentServiceInfo(config), 200, { 'Cache-Control': 'no-cache' }),
  }),
  defineRoute({
    ...mp,
    operationId: 'logout',
    method: 'post',
    path: '/api/mp/session/logout',
    summary: 'Log out: the session token stops working at once (again with it → 401)',
    answer: { status: 200, schema: LogoutResponseSchema, description: 'Logged out' },
    errors: [],
    handle: async (req, { services }) => {
      await endSession(services, req.session);
      return presentLogout();
    },
  }),
  defineRoute({
    ...mp,
    operationId: 'setIdentity',
    method: 'put',
    path: '/api/mp/identity',
    summary: 'Enter name, document type and number, with the version of the rules agreed to (GET /api/mp/consent)',
    limits: [perSession('identity')],
    body: IdentityRequestSchema,
    answer: { status: 200, schema: IdentityResponseSchema, description: 'The identity, masked, and whether a bank-card check comes next' },
    errors: ['consent_version_mismatch'],
    handle: async (req, { services }) => presentIdentity(await setIdentity(services, { session: req.session, input: req.body })),
  }),
  defineRoute({
    ...mp,
    operationId: 'prefillIdentity',
    method: 'post',
    path: '/api/mp/identity/prefill',
    summary: 'Best-effort prefill from the platform authorization',
    limits: [perSession('prefill')],
    body: PrefillRequestSchema,
    answer: { status: 200, schema: PrefillResponseSchema, description: 'Name and ID number the platform holds for the account' },
    errors: ['prefill_unavailable', 'invalid_login_code', 'provider_unavailable', 'provider_error'],
    handle: async (req, { services }) => presentPrefill(await prefillIdentity(services, req.session, req.body.authCode)),
  }),
  defineRoute({
    ...mp,
    operationId: 'checkBankCard',
    method: 'post',
    path: '/api/mp/bankcard-checks',
    summary: 'Bank-card check of a resident ID holder',
    limits: [perSession('bankCardSession')],
    body: BankCardCheckRequestSchema,
    answer: { status: 200, schema: BankCardCheckResponseSchema, description: 'Whether the card matches the identity' },
    errors: [
      'identity_required',
      'bank_card_not_required',
      'bank_card_locked',
      'account_not_owner',
      'consent_version_mismatch',
      'provider_unavailable',
      'provider_error',
    ],
    handle: async (req, { services }) => presentBankCardResult(await checkBankCard(services, { session: req.session, ...req.body })),
  }),
  defineRoute({
    ...mp,
    operationId: 'startVerification',
    method: 'post',
    path: '/api/mp/verifications',
    summary: 'Start a face check (entry, or one task)',
    limits: [perSession('verificationSession')],
    body: StartVerificationRequestSchema,
    answer: {
      status: 201,
      schema: StartVerificationAnswerSchema,
      description:
        "The verification and the provider's parameters for the client; with `method: window`, how many tasks now wait for manual review",
    },
    errors: [
      'identity_required',
      'bank_card_required',
      'entry_verification_required',
      'manual_review_required',
      'task_not_pending',
      'matter_expired',
      'matter_cancelled',
      'matter_submitted',
      'not_found',
      'provider_unavailable',
      'provider_error',
      'face_check_locked',
      'rate_limited',
      'platform_not_supported',
      'account_not_owner',
      'consent_version_mismatch',
    ],
    handle: async (req, { services }) =>
      presentVerificationStart(await startVerification(services, { session: req.session, input: req.body })),
  }),
  defineRoute({
    ...mp,
    operationId: 'completeVerification',
    method: 'post',
    path: '/api/mp/verifications/{id}/complete',
    summary: 'Ask the provider for the result',
    limits: [perSession('completion')],
    params: VerificationPathSchema,
    answer: { status: 200, schema: VerificationResultSchema, description: 'The result, as the provider reports it' },
    errors: [
      'not_found',
      'matter_expired',
      'matter_cancelled',
      'matter_submitted',
      'provider_unavailable',
      'provider_error',
      'concurrent_update',
    ],
    handle: async (req, { services }) =>
      presentVerificationResult(
        await completeVerification(services, { session: req.session, verificationId: req.params.id, requestId: req.requestId }),
      ),
  }),
  defineRoute({
    ...mp,
    operationId: 'listTodos',
    method: 'get',
    path: '/api/mp/todos',
    summary: "This person's to-dos of the last 7 days",
    answer: { status: 200, schema: TodosResponseSchema, description: 'The to-dos, newest first' },
    errors: ['entry_verification_required'],
    handle: async (req, { services }) => {
      const now = services.now();
      return { items: (await listTodos(services, req.session)).map(({ task, state }) => presentTodo(task, state, now)) };
    },
  }),
  defineRoute({
    ...mp,
    operationId: 'getTodo',
    method: 'get',
    path: '/api/mp/todos/{taskId}',
    summary: 'One to-do with its documents and digest',
    params: TaskIdPathSchema,
    answer: { status: 200, schema: TodoDetailSchema, description: 'The to-do and what the person confirms' },
    errors: ['entry_verification_required', 'not_found'],
    handle: async (req, { services }) => {
      const { task, state } = await readTodo(services, req.session, req.params.taskId);
      return presentTodoDetail(task, state, services.now(), await viewedDocuments(services, task, state));
    },
  }),
  defineRoute({
    ...mp,
    operationId: 'openTodoDocument',
    method: 'get',
    path: '/api/mp/todos/{taskId}/documents/{index}/content',
    summary: "One of the filing's documents, as the portal uploaded it (its SHA-256 is the document's); records that this person opened it",
    params: DocumentIndexPathSchema,
    answer: { status: 200, contentType: 'application/pdf', description: 'The PDF' },
    errors: ['entry_verification_required', 'not_found'],
    handle: async (req, { services }) => {
      const bytes = await openDocument(services, { session: req.session, taskId: req.params.taskId, index: req.params.index });
      // Personal data: not kept by any cache between here and the person's phone.
      return new Reply(bytes, 200, {
        'Cache-Control': 'no-store',
        'Content-Disposition': `inline; filename="document-${req.params.index + 1}.pdf"`,
      });
    },
  }),
  defineRoute({
    ...mp,
    operationId: 'declineTask',
    method: 'post',
    path: '/api/mp/todos/{taskId}/decline',
    summary:
      '拒绝: the person declines the filing (不是本人办理 or 内容有误, with an optional note); the portal sees 已拒绝 and cannot submit',
    params: TaskIdPathSchema,
    body: DeclineRequestSchema,
    answer: { status: 200, schema: DeclineResponseSchema, description: 'Declined' },
    errors: [
      'not_found',
      'entry_verification_required',
      'task_not_pending',
      'matter_expired',
      'matter_cancelled',
      'matter_submitted',
      'digest_mismatch',
      'concurrent_update',
    ],
    handle: async (req, { services }) => {
      await declineTask(services, { session: req.session, taskId: req.params.taskId, ...req.body });
      return { status: 'declined' as const };
    },
  }),
  defineRoute({
    ...mp,
    operationId: 'confirmTask',
    method: 'post',
    path: '/api/mp/todos/{taskId}/confirm',
    summary: 'Confirm and sign',
    params: TaskIdPathSchema,
    body: ConfirmRequestSchema,
    // The hand signature: a PNG of up to 200 KB is about 270 KB as base64 in JSON.
    bodyLimitKb: 280,
    answer: { status: 200, schema: ConfirmResponseSchema, description: 'Confirmed' },
    errors: [
      'not_found',
      'entry_verification_required',
      'digest_mismatch',
      'documents_not_viewed',
      'task_verification_required',
      'manual_review_required',
      'verification_used',
      'verification_expired',
      'verification_mismatch',
      'verification_not_passed',
      'signature_required',
      'signature_blank',
      'signature_invalid',
      'task_not_pending',
      'matter_expired',
      'matter_cancelled',
      'matter_submitted',
      'concurrent_update',
    ],
    handle: async (req, { services }) => {
      await confirmTask(services, { session: req.session, taskId: req.params.taskId, ...req.body });
      return presentConfirmation();
    },
  }),
];
