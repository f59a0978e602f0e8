import { Schema, type Connection, type Model } from 'mongoose';

/**
 * One face-check attempt at a provider, bound at creation to its session, its purpose (entry or
 * one task) and the identity it checks. Its result comes from the provider, looked up by the
 * provider's own reference; it is consumed at most once (see `claims`).
 */
export interface VerificationDoc {
  _id: string;
  sessionId: string;
  purpose: 'entry' | 'task';
  taskId: string | null;
  matterId: string | null;
  /**
   * For a task check: the generation of the matter's documents it was started for. A pass proves
   * nothing for other documents (new ones void every task check given for the old).
   */
  generation?: number | null;
  /** Lookup hash of the identity this check is for. */
  lookup: string;
  provider: 'sandbox' | 'alipay' | 'wechat';
  /** The mini-program platform of the session that started it. */
  platform?: 'alipay' | 'weapp' | 'h5' | null;
  providerRef: string;
  status: 'pending' | 'passed' | 'failed';
  reason: string | null;
  passedAt: Date | null;
  createdAt: Date;
  expiresAt: Date;
}

export const VerificationSchema = new Schema<VerificationDoc>(
  {
    _id: { type: String, required: true },
    sessionId: { type: String, required: true },
    purpose: { type: String, enum: ['entry', 'task'], required: true },
    taskId: { type: String, default: null },
    matterId: { type: String, default: null },
    generation: { type: Number, default: null },
    lookup: { type: String, required: true },
    provider: { type: String, enum: ['sandbox', 'alipay', 'wechat'], required: true },
    platform: { type: String, enum: ['alipay', 'weapp', 'h5', null], default: null },
    providerRef: { type: String, required: true },
    status: { type: String, enum: ['pending', 'passed', 'failed'], required: true },
    reason: { type: String, default: null },
    passedAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'verifications' },
);
VerificationSchema.index({ provider: 1, providerRef: 1 }, { unique: true });
VerificationSchema.index({ sessionId: 1, createdAt: -1 });

export type VerificationModel = Model<VerificationDoc>;

export const verificationModel = (conn: Connection): VerificationModel =>
  (conn.models.Verification as VerificationModel) ?? conn.model('Verification', VerificationSchema);
