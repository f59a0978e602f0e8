import {
  DocumentUploadResponseSchema,
  MatterDocumentPathSchema,
  AuditTrailResponseSchema,
  CallbackDeletedResponseSchema,
  CallbackRegistrationRequestSchema,
  CallbackRegistrationResponseSchema,
  CallbackStatusResponseSchema,
  CreateMatterRequestSchema,
  CreateMatterResponseSchema,
  MatterPathSchema,
  MatterViewSchema,
  RedactResponseSchema,
  ReplaceDocumentsRequestSchema,
  SubmitResponseSchema,
  TaskPathSchema,
  ViewerTokenResponseSchema,
} from '@regverify/shared';
import { cancelMatter } from '../../commands/matterCanceller';
import { createMatter } from '../../commands/matterCreator';
import { redactMatter } from '../../commands/matterRedactor';
import { replaceDocuments } from '../../commands/documentsReplacer';
import { uploadDocument } from '../../commands/documentUploader';
import { readDocument } from '../../queries/documentReader';
import { submitMatter } from '../../commands/matterSubmitter';
import { deleteCallback, registerCallback } from '../../commands/callbackRegistrar';
import { issueViewerToken } from '../../commands/viewerTokenIssuer';
import { readAuditTrail } from '../../queries/auditTrailReader';
import { readCallback } from '../../queries/callbackReader';
import { readMatter } from '../../queries/matterReader';
import { readSignature } from '../../queries/signatureReader';
import { presentAuditTrail } from '../../presenters/audit';
import { presentEntry } from '../../presenters/entry';
import { presentMatter } from '../../presenters/matter';
import {
  presentCallback,
  presentCallbackDeleted,
  presentCallbackRegistration,
  presentSubmission,
  presentViewerToken,
} from '../../presenters/portal';
import { defineRoute, Reply, type AnyRoute, type RouteLimit } from '../route';

/** The one budget of the whole portal API, per tenant (portal key). */
const PORTAL_BUDGET: RouteLimit<'portal'> = { name: 'portal', key: (req) => req.tenant };
const portal = { tag: 'portal', auth: 'portal', limits: [PORTAL_BUDGET] } as const;
const matterAnswer = { status: 200, schema: MatterViewSchema, description: 'The matter as it stands now' } as const;

/** Portal backend → BFF, server to server, authenticated by portal key (one tenant per key). */
export const portalRoutes: AnyRoute[] = [
  defineRoute({
    ...portal,
    operationId: 'createMatter',
    method: 'post',
    path: '/api/portal/matters',
    summary: 'Register a matter and its people (idempotent on portalRef)',
    description: '201 for a new matter; the same portalRef with the same content again answers 200 with the existing matter.',
    body: CreateMatterRequestSchema,
    answer: {
      status: 201,
      alsoStatus: 200,
      schema: CreateMatterResponseSchema,
      description: 'The matter and the ways into the mini-program',
    },
    errors: ['portal_ref_conflict'],
    handle: async (req, { services }) => {
      const { state, created } = await createMatter(services, { tenant: req.tenant, input: req.body });
      return new Reply({ matter: presentMatter(state), entry: presentEntry(services.config, state.matter._id) }, created ? 201 : 200);
    },
  }),
  defineRoute({
    ...portal,
    operationId: 'getMatter',
    method: 'get',
    path: '/api/portal/matters/{id}',
    summary: 'Read a matter',
    params: MatterPathSchema,
    answer: matterAnswer,
    errors: ['not_found'],
    handle: async (req, { services }) => presentMatter(await readMatter(services, { tenant: req.tenant, matterId: req.params.id })),
  }),
  defineRoute({
    ...portal,
    operationId: 'replaceDocuments',
    method: 'put',
    path: '/api/portal/matters/{id}/documents',
    summary: 'Replace the documents (voids every confirmation)',
    params: MatterPathSchema,
    body: ReplaceDocumentsRequestSchema,
    answer: matterAnswer,
    errors: ['not_found', 'matter_expired', 'matter_cancelled', 'matter_submitted', 'concurrent_update'],
    handle: async (req, { services }) =>
      presentMatter(await replaceDocuments(services, { tenant: req.tenant, matterId: req.params.id, documents: req.body.documents })),
  }),
  defineRoute({
    ...portal,
    operationId: 'issueViewerToken',
    method: 'post',
    path: '/api/portal/matters/{id}/viewer-token',
    summary: 'A short-lived token for the live status of this matter',
    params: MatterPathSchema,
    answer: { status: 201, schema: ViewerTokenResponseSchema, description: 'The viewer token (15 minutes, this matter only)' },
    errors: ['not_found'],
    handle: async (req, { services }) =>
      presentViewerToken(await issueViewerToken(services, { tenant: req.tenant, matterId: req.params.id })),
  }),
  defineRoute({
    ...portal,
    operationId: 'submitMatter',
    method: 'post',
    path: '/api/portal/matters/{id}/submit',
    summary: 'Submit (server-side gate; idempotent)',
    params: MatterPathSchema,
    answer: { status: 200, schema: SubmitResponseSchema, description: 'The submitted matter' },
    errors: ['matter_not_ready', 'matter_expired', 'matter_cancelled', 'not_found', 'concurrent_update'],
    handle: async (req, { services }) => presentSubmission(await submitMatter(services, { tenant: req.tenant, matterId: req.params.id })),
  }),
  defineRoute({
    ...portal,
    operationId: 'cancelMatter',
    method: 'delete',
    path: '/api/portal/matters/{id}',
    summary: 'Cancel (撤销)',
    params: MatterPathSchema,
    answer: matterAnswer,
    errors: ['matter_submitted', 'matter_expired', 'not_found', 'concurrent_update'],
    handle: async (req, { services }) => presentMatter(await cancelMatter(services, { tenant: req.tenant, matterId: req.params.id })),
  }),
  defineRoute({
    ...portal,
    operationId: 'redactMatter',
    method: 'post',
    path: '/api/portal/matters/{id}/redact',
    summary: "Redact: delete the people's personal data of a submitted, expired or cancelled matter now (idempotent). See docs/privacy.md",
    params: MatterPathSchema,
    answer: { status: 200, schema: RedactResponseSchema, description: 'The matter, its personal data gone' },
    errors: ['matter_active', 'not_found', 'concurrent_update'],
    handle: async (req, { services }) => presentMatter(await redactMatter(services, { tenant: req.tenant, matterId: req.params.id })),
  }),
  defineRoute({
    ...portal,
    operationId: 'getMatterAudit',
    method: 'get',
    path: '/api/portal/matters/{id}/audit',
    summary: "The matter's audit trail (each event: time, kind, actor, hash) and the check of its hash chain (链完整, or where it breaks)",
    params: MatterPathSchema,
    answer: { status: 200, schema: AuditTrailResponseSchema, description: 'The ledger and its check' },
    errors: ['not_found'],
    handle: async (req, { services }) =>
      presentAuditTrail(await readAuditTrail(services, await readMatter(services, { tenant: req.tenant, matterId: req.params.id }))),
  }),
  defineRoute({
    ...portal,
    operationId: 'getSignature',
    method: 'get',
    path: '/api/portal/matters/{id}/tasks/{taskId}/signature',
    summary: 'The signature PNG of a person',
    params: TaskPathSchema,
    answer: { status: 200, contentType: 'image/png', description: 'The PNG the person signed for the current documents' },
    errors: ['signature_not_found', 'personal_data_purged', 'not_found'],
    handle: async (req, { services }) =>
      readSignature(services, { tenant: req.tenant, matterId: req.params.id, taskId: req.params.taskId }),
  }),
  defineRoute({
    ...portal,
    operationId: 'uploadDocumentContent',
    method: 'put',
    path: '/api/portal/matters/{id}/documents/{index}/content',
    summary:
      "Upload a document's PDF (one created with contentType), at most 20 MB, for the people to read before confirming; its SHA-256 must be the document's",
    params: MatterDocumentPathSchema,
    bytes: { contentType: 'application/pdf', limitKb: 20 * 1024 },
    answer: { status: 200, schema: DocumentUploadResponseSchema, description: 'Stored (sealed)' },
    errors: ['document_digest_mismatch', 'digest_mismatch', 'not_found', 'matter_expired', 'matter_cancelled', 'matter_submitted'],
    handle: async (req, { services }) => {
      const { index, sha256, size } = await uploadDocument(services, {
        tenant: req.tenant,
        matterId: req.params.id,
        index: req.params.index,
        bytes: req.bytes ?? Buffer.alloc(0),
      });
      return { index, sha256, size };
    },
  }),
  defineRoute({
    ...portal,
    operationId: 'getDocumentContent',
    method: 'get',
    path: '/api/portal/matters/{id}/documents/{index}/content',
    summary: "A document's PDF as uploaded (until the matter's personal data is purged)",
    params: MatterDocumentPathSchema,
    answer: { status: 200, contentType: 'application/pdf', description: 'The PDF' },
    errors: ['not_found', 'personal_data_purged'],
    handle: async (req, { services }) =>
      new Reply(await readDocument(services, { tenant: req.tenant, matterId: req.params.id, index: req.params.index }), 200, {
        'Cache-Control': 'no-store',
      }),
  }),
  defineRoute({
    ...portal,
    operationId: 'registerCallback',
    method: 'put',
    path: '/api/portal/callback',
    summary: 'Register the callback URL; answers a new signing secret (shown only here; PUT again rotates it). See docs/callbacks.md',
    body: CallbackRegistrationRequestSchema,
    answer: { status: 200, schema: CallbackRegistrationResponseSchema, description: 'The URL and its new signing secret' },
    errors: ['validation_failed'],
    handle: async (req, { services }) =>
      presentCallbackRegistration(await registerCallback(services, { tenant: req.tenant, url: req.body.url })),
  }),
  defineRoute({
    ...portal,
    operationId: 'getCallback',
    method: 'get',
    path: '/api/portal/callback',
    summary: 'The registered callback URL',
    answer: { status: 200, schema: CallbackStatusResponseSchema, description: 'The registered URL' },
    errors: ['not_found'],
    handle: async (req, { services }) => presentCallback(await readCallback(services, req.tenant)),
  }),
  defineRoute({
    ...portal,
    operationId: 'deleteCallback',
    method: 'delete',
    path: '/api/portal/callback',
    summary: 'Stop callbacks (changes from now on are not delivered)',
    answer: { status: 200, schema: CallbackDeletedResponseSchema, description: 'Callbacks stopped' },
    errors: [],
    handle: async (req, { services }) => {
      await deleteCallback(services, req.tenant);
      return presentCallbackDeleted();
    },
  }),
];
