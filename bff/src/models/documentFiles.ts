import { mongo, type Connection } from 'mongoose';
import type { PersonalDataVault, SealContext } from '../security/personalData';

/** The GridFS bucket of documents' contents (`document_files.files`, `document_files.chunks`). */
export const DOCUMENT_BUCKET = 'document_files';

/** A document's file: one per matter, generation of the documents and index. */
export const documentFileName = (matterId: string, generation: number, index: number) => `${matterId}:${generation}:${index}`;

const sealedAt = (name: string): SealContext => ({ collection: DOCUMENT_BUCKET, id: name, field: 'content' });

interface FileMeta {
  matterId: string;
  generation: number;
  index: number;
}

/**
 * The contents of a filing's documents (the PDFs people read before confirming), in a GridFS
 * bucket through the MongoDB driver — the same on MongoDB and FerretDB — each file sealed whole
 * with the data key (associated data: its name), so the database never holds a document in clear.
 * A file is written once; storing it again writes a new file and removes the older ones of the
 * same name, and a reader takes the newest.
 */
export class DocumentFiles {
  constructor(
    private readonly conn: Connection,
    private readonly vault: PersonalDataVault,
  ) {}

  private bucket() {
    return new mongo.GridFSBucket(this.conn.db!, { bucketName: DOCUMENT_BUCKET });
  }

  /** Seals and stores the bytes of one document; returns the stored file's id. */
  async store(meta: FileMeta, bytes: Buffer): Promise<string> {
    const name = documentFileName(meta.matterId, meta.generation, meta.index);
    return this.write(name, meta, this.vault.encryptBytes(bytes, sealedAt(name)));
  }

  /** The clear bytes of a document, or null when none was stored. */
  async read(meta: FileMeta): Promise<Buffer | null> {
    const name = documentFileName(meta.matterId, meta.generation, meta.index);
    const sealed = await this.readSealed(name);
    return sealed && this.vault.decryptBytes(sealed, sealedAt(name));
  }

  /** Removes every file of a matter (all generations), or those of generations before `before`. */
  async removeOf(matterId: string, before?: number): Promise<number> {
    const bucket = this.bucket();
    const files = await bucket.find({ 'metadata.matterId': matterId }).toArray();
    const gone = files.filter((f) => before === undefined || Number((f.metadata as FileMeta | undefined)?.generation) < before);
    for (const f of gone) await bucket.delete(f._id).catch(ignoreMissing);
    return gone.length;
  }

  /** The rekey: every stored file not under the newest data key is sealed again under it; how many were scanned and rewritten. */
  async rekey(): Promise<{ scanned: number; rewritten: number }> {
    const counts = { scanned: 0, rewritten: 0 };
    for (const file of await this.bucket().find({}).sort({ _id: 1 }).toArray()) {
      counts.scanned++;
      const sealed = await this.download(file._id);
      if (!sealed || this.vault.keyIdOfBytes(sealed) === this.vault.currentKeyId) continue;
      const where = sealedAt(file.filename);
      await this.write(file.filename, file.metadata as FileMeta, this.vault.encryptBytes(this.vault.decryptBytes(sealed, where), where));
      counts.rewritten++;
    }
    return counts;
  }

  private async write(name: string, meta: FileMeta, sealed: Buffer): Promise<string> {
    const bucket = this.bucket();
    const upload = bucket.openUploadStream(name, { metadata: meta });
    await new Promise<void>((resolve, reject) => {
      upload.once('finish', () => resolve());
      upload.once('error', reject);
      upload.end(sealed);
    });
    // The newest stays; any older file of this name goes.
    for (const older of await bucket.find({ filename: name }).toArray()) {
      if (!older._id.equals(upload.id)) await bucket.delete(older._id).catch(ignoreMissing);
    }
    return String(upload.id);
  }

  private async readSealed(name: string): Promise<Buffer | null> {
    const [newest] = await this.bucket().find({ filename: name }).sort({ uploadDate: -1, _id: -1 }).limit(1).toArray();
    return newest ? this.download(newest._id) : null;
  }

  private async download(id: mongo.ObjectId): Promise<Buffer | null> {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of this.bucket().openDownloadStream(id)) chunks.push(chunk as Buffer);
    } catch (err) {
      if (isMissing(err)) return null; // removed meanwhile
      throw err;
    }
    return Buffer.concat(chunks);
  }
}

const isMissing = (err: unknown) => /FileNotFound|File not found/i.test(String((err as Error)?.message ?? err));
const ignoreMissing = (err: unknown) => {
  if (!isMissing(err)) throw err;
};
