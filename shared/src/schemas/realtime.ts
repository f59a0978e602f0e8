import type { MatterView } from './matterView';

/** Typed socket.io event maps of the `/portal` namespace, shared by the BFF and browser clients. */
export interface PortalServerToClientEvents {
  'matter:snapshot': (view: MatterView) => void;
  'matter:updated': (view: MatterView) => void;
}

// The portal page only listens; it sends nothing over the socket.
export type PortalClientToServerEvents = Record<string, never>;

export interface PortalSocketAuth {
  token: string;
}
