/**
 * Every field the vault seals, by collection (dotted paths). The vault takes only these places
 * (`SealContext` is made from this list), so a new sealed field cannot be written without being
 * listed here — and the rekey rewrites exactly what is listed. `sealedFields.test.ts` also looks at
 * a populated database for ciphertexts anywhere else.
 */
export const SEALED_FIELDS = {
  tasks: ['person.nameEnc', 'person.idNumberEnc'],
  sessions: ['identity.nameEnc', 'identity.idNumberEnc', 'accountTokenEnc'],
  signatures: ['pngEnc'],
  tenants: ['secretEnc'],
  declines: ['noteEnc'],
} as const;

export type SealedCollection = keyof typeof SEALED_FIELDS;
export type SealedField<C extends SealedCollection = SealedCollection> = (typeof SEALED_FIELDS)[C][number];

/**
 * Files sealed whole, as bytes (GridFS buckets): a document's PDF, by its file name. The rekey
 * rewrites each file that is not under the newest key.
 */
export const SEALED_FILES = { document_files: ['content'] } as const;
export type SealedBucket = keyof typeof SEALED_FILES;

/**
 * Where a ciphertext belongs: its collection (or bucket), its record and its field. It is the
 * associated data of the encryption, so a ciphertext copied to another record or field does not decrypt.
 */
export type SealContext =
  | { [C in SealedCollection]: { collection: C; id: string; field: SealedField<C> } }[SealedCollection]
  | { collection: SealedBucket; id: string; field: 'content' };

export const SEALED_COLLECTIONS = Object.keys(SEALED_FIELDS) as SealedCollection[];
