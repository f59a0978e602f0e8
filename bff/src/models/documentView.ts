import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * That a person opened a document's content: one per task, generation of the documents and
 * document (`<taskId>:<generation>:<index>`), inserted once — the confirmation asks for one of each
 * document with content in the current generation. Nothing personal beyond the ids; removed with
 * the matter's personal data.
 */
export const DocumentViewSchema = new Schema(
  {
    _id: { type: String, required: true },
    taskId: { type: String, required: true },
    matterId: { type: String, required: true },
    generation: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'document_views' },
);

export type DocumentViewDoc = InferSchemaType<typeof DocumentViewSchema>;
export type DocumentViewModel = Model<DocumentViewDoc>;

export const documentViewId = (taskId: string, generation: number, index: number) => `${taskId}:${generation}:${index}`;

export const documentViewModel = (conn: Connection): DocumentViewModel =>
  (conn.models.DocumentView as DocumentViewModel) ?? conn.model('DocumentView', DocumentViewSchema);
