import { z } from 'zod';
import { ERROR_MESSAGES, type ErrorCode } from '@regverify/shared';
import type { RuntimeConfig } from '../../../config/runtime';
import { ERROR_STATUS } from '../errors';
import { ROUTE_TAGS, type AnyRoute } from '../routes/route';

type JsonObject = Record<string, unknown>;

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as JsonObject;

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const SECURITY_SCHEMES = {
  portal: { type: 'http', scheme: 'bearer', description: 'Portal key (one tenant per key)' },
  session: { type: 'http', scheme: 'bearer', description: 'Mini-program session token from POST /api/mp/session' },
  operator: { type: 'http', scheme: 'basic', description: "An operator's own name and secret (OPERATORS)" },
  operatorSession: {
    type: 'apiKey',
    in: 'cookie',
    name: 'regverify_operator',
    description: 'The console session of POST /api/operator/session; every change also carries its CSRF token in X-CSRF-Token',
  },
} as const;

/**
 * The codes a route can answer: its own, and those every route of its kind can — authentication,
 * rate limits, validation, bodies, the database, and the unexpected.
 */
export function errorCodesOf(route: AnyRoute): ErrorCode[] {
  const codes = new Set<ErrorCode>(route.errors);
  if (route.auth !== 'none') codes.add('unauthorized');
  // Route budgets, and for keys people hand around the failed-authentication budget of the address.
  if (route.limits?.length || route.auth === 'portal' || route.auth === 'operator') codes.add('rate_limited');
  if (route.params || route.query || route.body) codes.add('validation_failed');
  // A POST or PUT body is read (and may be refused) before the route looks at it, even where it takes none.
  if (route.body || route.method === 'post' || route.method === 'put') {
    for (const code of ['invalid_json', 'unsupported_media_type', 'payload_too_large'] as const) codes.add(code);
  }
  // Any request may carry a body; past the limit it is refused before the route (a GET's too).
  codes.add('payload_too_large');
  if (route.tag !== 'system') codes.add('database_unavailable');
  codes.add('internal_error');
  return [...codes];
}

/** The error answers of a route, one per status, each listing its codes and their Chinese texts. */
function errorResponses(route: AnyRoute): JsonObject {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodesOf(route)) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  const responses: JsonObject = {};
  for (const [status, codes] of [...byStatus.entries()].sort(([a], [b]) => a - b)) {
    const retryAfter = codes.some((c) =>
      ['rate_limited', 'face_check_locked', 'database_unavailable', 'shutting_down', 'provider_unavailable'].includes(c),
    );
    responses[status] = {
      description: codes.map((c) => `\`${c}\`: ${ERROR_MESSAGES[c]}`).join('; '),
      'x-error-codes': codes,
      ...(retryAfter
        ? { headers: { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } } } }
        : {}),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
    };
  }
  responses.default = {
    description: 'Any other failure before the route is reached (405, 408, 431, …), in the same envelope',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
  };
  return responses;
}

/** Parameters of one location (`path` or `query`) from the properties of an object schema. */
function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonObject[] {
  if (!schema) return [];
  const json = jsonSchema(schema, 'input') as { properties?: Record<string, JsonObject>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

/**
 * The OpenAPI 3.0 document of every route the configuration serves, generated from the route table:
 * the same zod schemas the routes validate with and the answers are checked against, so it cannot
 * drift from them. Bodies are named components (`<OperationId>Request` / `…Result`) so that
 * generated clients get readable type names.
 */
export function openApiDocument(routes: readonly AnyRoute[], config: RuntimeConfig): JsonObject {
  const paths: Record<string, JsonObject> = {};
  const schemas: JsonObject = {
    ErrorBody: {
      type: 'object',
      description: 'The error envelope of every failure',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message'],
          properties: {
            code: { type: 'string', enum: Object.keys(ERROR_STATUS), description: 'Stable code; the HTTP status follows from it' },
            message: { type: 'string', description: 'Chinese, for people; never personal data' },
            details: { type: 'object', additionalProperties: true },
          },
        },
      },
    },
  };
  const served = routes.filter((r) => !r.enabledWhen || r.enabledWhen(config));
  for (const route of served) {
    const name = pascal(route.operationId);
    const parameters = [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')];
    if (route.body) schemas[`${name}Request`] = jsonSchema(route.body, 'input');
    const answer = route.answer;
    let content: JsonObject;
    if ('schema' in answer) {
      schemas[`${name}Result`] = jsonSchema(answer.schema, 'output');
      content = { 'application/json': { schema: { $ref: `#/components/schemas/${name}Result` } } };
    } else {
      content = { [answer.contentType]: { schema: { type: 'string', format: 'binary' } } };
    }
    const success: JsonObject = { [answer.status]: { description: answer.description, content } };
    if ('alsoStatus' in answer && answer.alsoStatus)
      success[answer.alsoStatus] = { description: `${answer.description} (already there)`, content };
    paths[route.path] = {
      ...paths[route.path],
      [route.method]: {
        operationId: route.operationId,
        tags: [route.tag],
        summary: route.summary,
        ...(route.description ? { description: route.description } : {}),
        security:
          route.auth === 'none' ? [] : route.auth === 'operator' ? [{ operator: [] }, { operatorSession: [] }] : [{ [route.auth]: [] }],
        ...(parameters.length ? { parameters } : {}),
        ...(route.body
          ? {
              requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}Request` } } } },
            }
          : route.bytes
            ? { requestBody: { required: true, content: { [route.bytes.contentType]: { schema: { type: 'string', format: 'binary' } } } } }
            : {}),
        responses: { ...success, ...errorResponses(route) },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'regverify — 登记注册身份验证',
      version: '1.0.0',
      description: 'Portal, mini-program and operator API. The contract of API.md is kept inside this document.',
      license: { name: 'Proprietary', url: `${config.PUBLIC_URL.replace(/\/$/, '')}/api/openapi.json` },
    },
    servers: [{ url: config.PUBLIC_URL.replace(/\/$/, ''), description: 'This deployment' }],
    tags: Object.entries(ROUTE_TAGS).map(([tag, description]) => ({ name: tag, description })),
    components: { securitySchemes: SECURITY_SCHEMES, schemas },
    paths,
  };
}
