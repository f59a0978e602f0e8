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
import { SnapshotCache } from './snapshots';

/**
 * Per socket: its matter and tenant, and what it has been sent. `sentVersion` is the version of
 * the last view this socket got; until its snapshot has gone out (`ready`), views that arrive are
 * held (`held`, the newest only) and the snapshot is the newer of them and the database's.
 */
type SocketData = { matterId: string; tenant: string; ready: boolean; sentVersion: number; held: MatterView | null };
export type PortalNamespace = Namespace<PortalClientToServerEvents, PortalServerToClientEvents, Record<string, never>, SocketData>;

export const roomOf = (matterId: string) => `matter:${matterId}`;

/** How a committed view reaches the other nodes (through the adapter, with REDIS_URL). */
const VIEW_BETWEEN_NODES = 'regverify:view';

/** An error that reaches the client as `connect_error` with `data.code`. */
function connectError(code: 'unauthorized' | 'not_found' | 'unavailable', message: string): Error {
  return Object.assign(new Error(message), { data: { code, message } });
}

/**
 * The live status of `/portal`: a viewer token in the handshake picks one matter, the socket joins
 * that matter's room and gets a full snapshot; after every committed change it gets the full view
 * again. **Every socket receives its snapshot and then only views with a higher `version` than the
 * last one it was sent**: a view that is not newer (two writers finishing in the opposite order, a
 * view repeated by a retry, one arriving late from another node) is dropped at the node that would
 * deliver it — one comparison per socket, no database read. A socket is dropped when its token
 * expires; the browser SDK then asks the page for a fresh token and reconnects (a fresh snapshot).
 */
export function attachPortalNamespace(
  io: Server,
  services: Services,
  options: { clustered: boolean },
): { nsp: PortalNamespace; push(matterId: string, view: MatterView): void; dropped(): number } {
  // One server carries other namespaces later; the event maps are this namespace's own.
  const nsp = io.of(PORTAL_NAMESPACE) as unknown as PortalNamespace;
  let dropped = 0;
  const snapshots = new SnapshotCache({
    read: async (tenant, matterId) => presentMatter(await readMatter(services, { tenant, matterId })),
    isCurrent: (matterId, version) => services.ledger.isCurrent(matterId, version),
    now: () => services.now().getTime(),
  });

  nsp.use(async (socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown })?.token;
    const claims = typeof token === 'string' && token.length < 2048 ? await services.viewerTokens.verify(token) : null;
    if (!claims) return next(connectError('unauthorized', '查看凭证无效或已过期'));
    socket.data = { matterId: claims.matterId, tenant: claims.tenant, ready: false, sentVersion: 0, held: null };
    const expiresInMs = claims.expiresAt.getTime() - services.now().getTime();
    const timer = setTimeout(() => socket.disconnect(true), Math.max(0, expiresInMs));
    socket.on('disconnect', () => clearTimeout(timer));
    next();
  });

  /** Delivers a view to this node's sockets of its matter, each only if it is newer than what that socket has. */
  const deliver = (matterId: string, view: MatterView): void => {
    snapshots.offer(matterId, view);
    const ids = nsp.adapter.rooms.get(roomOf(matterId));
    if (!ids) return;
    for (const id of ids) {
      const socket = nsp.sockets.get(id);
      if (!socket) continue;
      const data = socket.data;
      if (!data.ready) {
        if (!data.held || view.version > data.held.version) data.held = view;
      } else if (view.version > data.sentVersion) {
        data.sentVersion = view.version;
        socket.emit(SOCKET_EVENTS.updated, view);
        services.metrics.pushSent('update');
      } else {
        dropped++;
      }
    }
  };

  nsp.on('connection', async (socket) => {
    const { matterId, tenant } = socket.data;
    services.metrics.socketsConnected(1);
    socket.on('disconnect', () => services.metrics.socketsConnected(-1));
    // Joined before reading: a change committed meanwhile is held and, if newer, becomes the snapshot.
    await socket.join(roomOf(matterId));
    try {
      const read = await snapshots.get(tenant, matterId);
      const held = socket.data.held;
      const snapshot = held && held.version > read.version ? held : read;
      socket.data.ready = true;
      socket.data.held = null;
      socket.data.sentVersion = snapshot.version;
      socket.emit(SOCKET_EVENTS.snapshot, snapshot);
      services.metrics.pushSent('snapshot');
    } catch {
      // The matter vanished or the database is away: the client reconnects and tries again.
      socket.disconnect(true);
    }
  });

  if (options.clustered) {
    (nsp as unknown as Namespace).on(VIEW_BETWEEN_NODES, (matterId: string, view: MatterView) => deliver(matterId, view));
  }

  /** Sends a committed view to the matter's sockets on this node at once, and to the other nodes. */
  const push = (matterId: string, view: MatterView): void => {
    deliver(matterId, view);
    if (options.clustered) (nsp as unknown as Namespace).serverSideEmit(VIEW_BETWEEN_NODES, matterId, view);
  };

  return { nsp, push, dropped: () => dropped };
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
 * writers finishing in the opposite order, another node's arriving late); each node keeps, per
 * socket, the version it last sent and delivers only newer views, so every page sees strictly
 * increasing versions whatever client it uses.
 */
export function attachRealtime(server: http.Server, services: Services, adapter?: Parameters<Server['adapter']>[0]): Realtime {
  const io = new Server(server, {
    transports: ['websocket'],
    serveClient: false,
    cors: { origin: true },
    ...(adapter ? { adapter } : {}),
  });
  const { nsp, push } = attachPortalNamespace(io, services, { clustered: !!adapter });
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
