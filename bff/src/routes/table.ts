import { mpRoutes } from './api/mp';
import { operatorRoutes } from './api/operator';
import { portalRoutes } from './api/portal';
import { sandboxRoutes } from './api/sandbox';
import { systemRoutes } from './api/system';
import type { AnyRoute } from './route';

/**
 * Every endpoint of the API, each declared once. The Koa router (`mount.ts`), the OpenAPI
 * document, the body limits and the suites that walk every endpoint are derived from this list.
 */
export const ROUTES: readonly AnyRoute[] = [...systemRoutes, ...portalRoutes, ...mpRoutes, ...operatorRoutes, ...sandboxRoutes];
