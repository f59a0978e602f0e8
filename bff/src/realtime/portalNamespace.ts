import type http from 'node:http';
import { Server, type Namespace } from 'socket.io';
import {
  PORTAL_NAMESPACE,
  SOCKET_EVENTS,
  type MatterView,
  type PortalClientToServerEvents,
  type PortalServerToClientEvents,
} from '@regverify/shared';
import { readMatter } from '../queries/matterReader';
import { presentMatter } from '../presenters/matter';
import type { Services } from '../services';

type SocketData = { matterId: string; tenant: string };
export type PortalNamespace = Namespace<PortalClientToServerEvents, PortalServerToClientEvents, Record<string, never>, SocketData>;

export const roomOf = (matterId: string) => `matter:${matterId}`;

/** An error that reaches the client as `connect_error` with `data.code`. */
function connectError(code: 'unauthorized' | 'not_found' | 'unavailable', message: string): Error {
  return Object.assign(new Error(message), { data: { code, message } });
}

/**
 * The live status of `/portal`: a viewer token in the handshake picks one matter, the socket joins
 * that matter's room and gets a full snapshot at once; after every committed change the room gets
 * the full snapshot again, with a higher `version`. A socket is dropped when its token expires; the
 * browser SDK then asks the page for a fresh token and reconnects (and gets a fresh snapshot).
 */
export function attachPortalNamespace(
  io: Server,
  services: Services,
): { nsp: PortalNamespace; push(matterId: string, view: MatterView): void } {
  // One server carries other namespaces later; the event maps are this namespace's own.
  const nsp = io.of(PORTAL_NAMESPACE) as unknown as PortalNamespace;

  nsp.use(async (socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown })?.token;
    const claims = typeof token === 'string' && token.length < 2048 ? await services.viewerTokens.verify(token) : null;
    if (!claims) return next(connectError('unauthorized', '查看凭证无效或已过期'));
    socket.data = { matterId: claims.matterId, tenant: claims.tenant };
    const expiresInMs = claims.expiresAt.getTime() - services.now().getTime();
    const timer = setTimeout(() => socket.disconnect(true), Math.max(0, expiresInMs));
    socket.on('disconnect', () => clearTimeout(timer));
    next();
  });

  nsp.on('connection', async (socket) => {
    const { matterId, tenant } = socket.data;
    // Joined before reading: a change committed meanwhile arrives as an update, and the client keeps
    // whichever of the two has the higher version.
    await socket.join(roomOf(matterId));
    try {
      socket.emit(SOCKET_EVENTS.snapshot, presentMatter(await readMatter(services, { tenant, matterId })));
    } catch {
      // The matter vanished or the database is away: the client reconnects and tries again.
      socket.disconnect(true);
    }
  });

  /** Sends a committed view to the matter's room (on every node, through the adapter). */
  const push = (matterId: string, view: MatterView): void => {
    nsp.to(roomOf(matterId)).emit(SOCKET_EVENTS.updated, view);
  };

  return { nsp, push };
}

export interface Realtime {
  io: Server;
  /** Stops pushing and disconnects every socket (clients reconnect elsewhere); the HTTP server stays up. */
  disconnectAll(): Promise<void>;
  /** Closes socket.io and its adapter (after the HTTP server has stopped). */
  close(): Promise<void>;
}

/**
 * Socket.io on the BFF's HTTP server, websocket transport only. Every committed change is pushed
 * the moment it is in the documents (the ledger's `committed` hook), with the view stored beside its
 * event — no read of the database per push. Pushes of one matter can overtake each other (two
 * writers finishing in the opposite order); every view carries its `version` and clients keep the
 * highest (the browser SDK does).
 */
export function attachRealtime(server: http.Server, services: Services, adapter?: Parameters<Server['adapter']>[0]): Realtime {
  const io = new Server(server, {
    transports: ['websocket'],
    serveClient: false,
    cors: { origin: true },
    ...(adapter ? { adapter } : {}),
  });
  const { nsp, push } = attachPortalNamespace(io, services);
  const onCommitted = (matterId: string, _seq: number, view: MatterView) => push(matterId, view);
  services.changes.on('committed', onCommitted);

  return {
    io,
    disconnectAll: async () => {
      services.changes.off('committed', onCommitted);
      // Per namespace: `io.disconnectSockets` reaches only the main one, not /portal.
      nsp.disconnectSockets(true);
      io.disconnectSockets(true);
    },
    close: async () => {
      services.changes.off('committed', onCommitted);
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
