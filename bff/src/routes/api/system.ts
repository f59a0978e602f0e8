import { HealthResponseSchema, OpenApiDocumentSchema, ReadinessResponseSchema } from '@regverify/shared';
import { pingDatabase } from '../../db/connection';
import { AppError } from '../../errors';
import { defineRoute, Reply, type AnyRoute } from '../route';

/** Liveness (`/healthz`: the process answers), readiness (`/readyz`: it can serve) and the OpenAPI document. */
export const systemRoutes: AnyRoute[] = [
  defineRoute({
    operationId: 'getHealth',
    tag: 'system',
    auth: 'none',
    method: 'get',
    path: '/healthz',
    summary: 'Liveness',
    answer: { status: 200, schema: HealthResponseSchema, description: 'The process answers' },
    errors: [],
    handle: () => ({ status: 'ok' as const }),
  }),
  defineRoute({
    operationId: 'getReadiness',
    tag: 'system',
    auth: 'none',
    method: 'get',
    path: '/readyz',
    summary: 'Readiness (database reachable, not shutting down)',
    answer: { status: 200, schema: ReadinessResponseSchema, description: 'Ready to serve' },
    errors: ['database_unavailable', 'shutting_down'],
    handle: async (_req, { db, isShuttingDown, config }) => {
      const database = await pingDatabase(db);
      const shuttingDown = isShuttingDown();
      const checks = { database: database ? ('ok' as const) : ('unavailable' as const), shuttingDown, platforms: config.livePlatforms };
      if (!database || shuttingDown) {
        throw new AppError(shuttingDown ? 'shutting_down' : 'database_unavailable', {
          details: { checks },
          headers: { 'Retry-After': '5' },
        });
      }
      return new Reply({ status: 'ready' as const, checks }, 200, { 'Cache-Control': 'no-store' });
    },
  }),
  defineRoute({
    operationId: 'getOpenApiDocument',
    tag: 'system',
    auth: 'none',
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document',
    answer: { status: 200, schema: OpenApiDocumentSchema, description: 'The OpenAPI 3.0 document of the whole API' },
    errors: [],
    handle: (_req, { openApiDocument }) => openApiDocument(),
  }),
];
