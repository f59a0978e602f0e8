import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * A window operator signed in to the console. Only the hash of the cookie's token is stored; the
 * CSRF token is the one every change must carry in `X-CSRF-Token`. Ends at `expiresAt` (8 h after
 * sign-in), after 30 idle minutes, or at sign-out.
 */
export const OperatorSessionSchema = new Schema(
  {
    _id: { type: String, required: true },
    operator: { type: String, required: true },
    csrf: { type: String, required: true },
    createdAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'operator_sessions' },
);
OperatorSessionSchema.index({ expiresAt: 1 });

export type OperatorSessionDoc = InferSchemaType<typeof OperatorSessionSchema>;
export type OperatorSessionModel = Model<OperatorSessionDoc>;

export const operatorSessionModel = (conn: Connection): OperatorSessionModel =>
  (conn.models.OperatorSession as OperatorSessionModel) ?? conn.model('OperatorSession', OperatorSessionSchema);
