/** Socket.io namespace and event names of the live status contract. */
export const PORTAL_NAMESPACE = '/portal';

export const SOCKET_EVENTS = {
  snapshot: 'matter:snapshot',
  updated: 'matter:updated',
} as const;
