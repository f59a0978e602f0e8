import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * The matter ledger: one event per change, `_id` = `<matterId>:<seq>`. Inserting the event is the
 * commit point of a change (an insert with a unique key is atomic on MongoDB and FerretDB alike);
 * the matter and task documents are then brought up to it. Each event carries the hash of the one
 * before it (an append-only, hash-chained audit trail) and holds no personal data.
 */
export const MatterEventSchema = new Schema(
  {
    _id: { type: String, required: true },
    matterId: { type: String, required: true },
    tenant: { type: String, required: true },
    seq: { type: Number, required: true },
    type: { type: String, required: true },
    at: { type: Date, required: true },
    taskId: { type: String, default: null },
    /** What happened, for the audit trail (ids, digests, decisions — never names or numbers). */
    data: { type: Schema.Types.Mixed, default: {} },
    /** The state the event sets: `$set` of the matter and of each changed task. */
    patch: { type: Schema.Types.Mixed, required: true },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
    /**
     * `<key id>.<HMAC>` over (matterId, seq, hash) with AUDIT_ANCHOR_KEY (`ledger/anchor.ts`), which
     * the database never holds. Outside the hash; null on events written before anchors were.
     */
    anchor: { type: String, default: null },
    /** The MatterView right after this event (masked), as pushed live and POSTed to callbacks. Outside the hash. */
    view: { type: Schema.Types.Mixed, default: null },
    /** Delivery of this event to the tenant's callback URL: the events collection is the outbox. Outside the hash. */
    outbox: {
      type: new Schema(
        {
          status: { type: String, enum: ['pending', 'delivered', 'skipped', 'failed'], required: true },
          attempts: { type: Number, default: 0 },
          nextAttemptAt: { type: Date, required: true },
          lastError: { type: String, default: null },
          deliveredAt: { type: Date, default: null },
        },
        { _id: false },
      ),
      default: null,
    },
  },
  { versionKey: false, collection: 'matter_events', minimize: false },
);
MatterEventSchema.index({ matterId: 1, seq: 1 });
MatterEventSchema.index({ 'outbox.status': 1, 'outbox.nextAttemptAt': 1 });

export type MatterEventDoc = InferSchemaType<typeof MatterEventSchema>;
export type MatterEventModel = Model<MatterEventDoc>;

export const matterEventModel = (conn: Connection): MatterEventModel =>
  (conn.models.MatterEvent as MatterEventModel) ?? conn.model('MatterEvent', MatterEventSchema);
