import type { CallbackEvent, MatterView } from '@regverify/shared';

/** What a callback needs of a ledger event (`matter_events`). */
export interface DeliverableEvent {
  _id: string;
  matterId: string;
  seq: number;
  type: string;
  at: Date;
  /** The MatterView right after the event, stored with it (masked; never a full ID number). */
  view: unknown;
}

/**
 * The body of a callback POST. Built only from the stored event, so every retry of one change
 * carries the same bytes: `id` and `version` let receivers drop duplicates and stale snapshots.
 */
export function callbackPayload(event: DeliverableEvent): CallbackEvent {
  return {
    id: event._id,
    type: event.type,
    matterId: event.matterId,
    version: event.seq,
    occurredAt: new Date(event.at).toISOString(),
    matter: event.view as MatterView,
  };
}

/** The raw body as sent (and signed). */
export const callbackBody = (event: DeliverableEvent): string => JSON.stringify(callbackPayload(event));
