/**
 * The browser SDK of the live status: a portal page hands it a way to get viewer tokens and gets
 * every newer MatterView of its matter, so its 提交 button can follow `canSubmit` without reloading.
 *
 * Served by the BFF as `/portal-sdk.js` (global `RegverifyPortal`); works in Node as well.
 * Shared types come in with `import type` only, so the bundle carries socket.io-client and this file.
 */
import { io, type Socket } from 'socket.io-client';
import type {
  MatterView,
  PORTAL_NAMESPACE,
  PortalClientToServerEvents,
  PortalServerToClientEvents,
  SOCKET_EVENTS,
} from '@regverify/shared';

/** `unauthorized`: the last token was refused; a fresh one is being fetched and tried after a pause. */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'unauthorized';

export interface ConnectMatterOptions {
  /** Origin of the BFF, e.g. `https://verify.example.cn`; defaults to the page's own origin. */
  baseUrl?: string;
  /** A fresh viewer token for the matter, from the portal's own backend; asked before every (re)connect. */
  getToken: () => Promise<string>;
  /** Called with each snapshot newer than the last one delivered (never an older or equal `version`). */
  onChange: (view: MatterView) => void;
  /** Called when the connection state changes. */
  onStatus?: (status: ConnectionStatus) => void;
}

export interface MatterConnection {
  /** The newest snapshot received so far. */
  latest(): MatterView | null;
  /** Disconnects for good; no callback is called afterwards. */
  close(): void;
}

// Checked against the shared contract's constants, without importing their module at run time.
const NAMESPACE: typeof PORTAL_NAMESPACE = '/portal';
const EVENTS: typeof SOCKET_EVENTS = { snapshot: 'matter:snapshot', updated: 'matter:updated' };

/**
 * socket.io's own reconnection after a lost transport (a node restarted, the network gone): from
 * 0.5 s doubling to 5 s, each wait drawn at random within ±50 % of it, so that the thousands of pages
 * a restarted node had come back spread over seconds instead of in one burst.
 */
export const RECONNECTION = { reconnectionDelay: 500, reconnectionDelayMax: 5000, randomizationFactor: 0.5 } as const;

/** Back-off of the retries that socket.io leaves to us (refused token, server-side disconnect). */
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 30_000;

/**
 * Watches one matter. socket.io retries transport failures by itself; a refused handshake
 * (`connect_error` with `data.code` "unauthorized") and a disconnect by the server (its token
 * expired) it does not, so this retries those with back-off. Every handshake sends a token fresh
 * from `getToken`, and every successful one brings a full snapshot, so nothing missed stays missed.
 */
export function connectMatter(options: ConnectMatterOptions): MatterConnection {
  const origin = options.baseUrl ?? (globalThis as { location?: { origin?: string } }).location?.origin;
  if (!origin) throw new TypeError('connectMatter: baseUrl is required outside a browser page');

  let latest: MatterView | null = null;
  let status: ConnectionStatus | null = null;
  let closed = false;
  let everConnected = false;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const setStatus = (next: ConnectionStatus) => {
    if (closed || next === status) return;
    status = next;
    options.onStatus?.(next);
  };

  const socket: Socket<PortalServerToClientEvents, PortalClientToServerEvents> = io(origin.replace(/\/+$/, '') + NAMESPACE, {
    transports: ['websocket'],
    forceNew: true,
    autoConnect: false,
    ...RECONNECTION,
    // Called by socket.io before every handshake, its own reconnections included. A token that
    // cannot be had is sent empty: the server refuses it and the retry below takes over.
    auth: (send) => {
      options.getToken().then(
        (token) => !closed && send({ token }),
        () => !closed && send({ token: '' }),
      );
    },
  });

  const accept = (view: MatterView) => {
    // A full snapshot means the server has us back in the room: the retry back-off can start over.
    failures = 0;
    if (closed || (latest && view.version <= latest.version)) return;
    latest = view;
    options.onChange(view);
  };

  const retryLater = () => {
    if (closed || retryTimer) return;
    const ceiling = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** failures);
    failures += 1;
    retryTimer = setTimeout(
      () => {
        retryTimer = undefined;
        if (closed) return;
        setStatus(everConnected ? 'reconnecting' : 'connecting');
        socket.connect();
      },
      ceiling / 2 + (Math.random() * ceiling) / 2,
    );
  };

  socket.on(EVENTS.snapshot, accept);
  socket.on(EVENTS.updated, accept);
  socket.on('connect', () => {
    everConnected = true;
    setStatus('connected');
  });
  socket.on('connect_error', (err) => {
    // While `active`, socket.io is already retrying (network trouble) with its own back-off.
    if (socket.active) return setStatus(everConnected ? 'reconnecting' : 'connecting');
    const code = (err as Error & { data?: { code?: string } }).data?.code;
    setStatus(code === 'unauthorized' ? 'unauthorized' : everConnected ? 'reconnecting' : 'connecting');
    retryLater();
  });
  socket.on('disconnect', (reason) => {
    if (closed || reason === 'io client disconnect') return;
    setStatus('reconnecting');
    // "io server disconnect" (token expired, matter unreadable): socket.io does not come back by itself.
    if (!socket.active) retryLater();
  });

  setStatus('connecting');
  socket.connect();

  return {
    latest: () => latest,
    close: () => {
      if (closed) return;
      closed = true;
      clearTimeout(retryTimer);
      socket.off();
      socket.disconnect();
    },
  };
}
