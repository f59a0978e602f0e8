import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * A matter's WeChat mini-program code (wxacode.getUnlimited), made once and kept: WeChat limits the
 * rate at which codes are made (45009), and the code of a matter never changes. `_id` = the matter
 * id, so every node reads it by `_id`. It holds no personal data, only the matter's scene.
 */
export const EntryCodeSchema = new Schema(
  {
    _id: { type: String, required: true },
    tenant: { type: String, required: true },
    contentType: { type: String, required: true },
    /** The image, base64. */
    image: { type: String, required: true },
    createdAt: { type: Date, required: true },
    /** The matter's own expiry: the sweeper may drop the code with the matter. */
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'entry_codes' },
);

export type EntryCodeDoc = InferSchemaType<typeof EntryCodeSchema>;
export type EntryCodeModel = Model<EntryCodeDoc>;

export const entryCodeModel = (conn: Connection): EntryCodeModel =>
  (conn.models.EntryCode as EntryCodeModel) ?? conn.model('EntryCode', EntryCodeSchema);
