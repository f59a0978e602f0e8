import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * A tenant's settings that the tenant itself manages through the portal API (the tenant and its
 * keys come from PORTAL_KEYS). `_id` = the tenant. Today: the callback URL and its signing secret,
 * the secret encrypted with the vault (it is shown to the tenant once, when it is issued).
 */
export const TenantSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** Where every change of this tenant's matters is POSTed; null = no callbacks. */
    callbackUrl: { type: String, default: null },
    /** The HMAC-SHA256 signing secret of the callbacks, vault-encrypted. */
    secretEnc: { type: String, default: null },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'tenants' },
);

export type TenantDoc = InferSchemaType<typeof TenantSchema>;
export type TenantModel = Model<TenantDoc>;

export const tenantModel = (conn: Connection): TenantModel => (conn.models.Tenant as TenantModel) ?? conn.model('Tenant', TenantSchema);
