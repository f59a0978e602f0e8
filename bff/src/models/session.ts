import { Schema, type Connection, type Model } from 'mongoose';
import { PLATFORMS, type Platform } from '@regverify/shared';
import { sealedPersonFields, type SealedPerson } from './sealedPerson';

/**
 * A mini-program login. Only the hash of its bearer token is stored. The identity the person
 * entered is encrypted; each proof (bank card, entry face check) records the lookup hash of the
 * identity it proved, so a later change of identity can never inherit an earlier proof.
 */
export interface SessionIdentity extends SealedPerson {
  consentVersion: string;
  consentAt: Date;
}

/** A proof (bank card, entry face check) of the identity with this lookup hash. */
export interface SessionProof {
  lookup: string;
  at: Date;
  ref: string | null;
}

export interface SessionDoc {
  /** The hash of the bearer token (the token itself is never stored). */
  _id: string;
  platform: Platform;
  platformUserId: string;
  /** The platform's token for asking about this account (Alipay), sealed; null where there is none. */
  accountTokenEnc?: string | null;
  identity: SessionIdentity | null;
  /** The identity (lookup hash) whose owner check this account passed, or could not be told. */
  accountOwner?: { lookup: string; result: 'owner' | 'unknown' } | null;
  bankCard: SessionProof | null;
  entry: SessionProof | null;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

const IdentitySchema = new Schema(
  {
    ...sealedPersonFields,
    consentVersion: { type: String, required: true },
    consentAt: { type: Date, required: true },
  },
  { _id: false },
);

const ProofSchema = new Schema(
  { lookup: { type: String, required: true }, at: { type: Date, required: true }, ref: { type: String, default: null } },
  { _id: false },
);

export const SessionSchema = new Schema<SessionDoc>(
  {
    _id: { type: String, required: true },
    platform: { type: String, enum: PLATFORMS, required: true },
    platformUserId: { type: String, required: true },
    accountTokenEnc: { type: String, default: null },
    identity: { type: IdentitySchema, default: null },
    accountOwner: {
      type: new Schema({ lookup: { type: String, required: true }, result: { type: String, enum: ['owner', 'unknown'] } }, { _id: false }),
      default: null,
    },
    bankCard: { type: ProofSchema, default: null },
    entry: { type: ProofSchema, default: null },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'sessions' },
);
SessionSchema.index({ expiresAt: 1 });

export type SessionModel = Model<SessionDoc>;

export const sessionModel = (conn: Connection): SessionModel =>
  (conn.models.Session as SessionModel) ?? conn.model('Session', SessionSchema);
