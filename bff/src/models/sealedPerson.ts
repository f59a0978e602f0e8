import { Schema } from 'mongoose';
import { ID_TYPES, maskIdNumber, maskName, type IdType } from '@regverify/shared';
import type { PersonalDataVault, SealContext } from '../security/personalData';

/**
 * How a person's identity is stored wherever it is kept (a task's person, a session's identity):
 * name and number encrypted, masked copies for display, and the keyed lookup hash that finds the
 * person's tasks without decrypting anything.
 */
export interface SealedPerson {
  idType: IdType;
  lookup: string;
  nameEnc: string;
  idNumberEnc: string;
  nameMasked: string;
  idNumberMasked: string;
}

export const sealedPersonFields = {
  idType: { type: String, enum: ID_TYPES, required: true },
  lookup: { type: String, required: true },
  nameEnc: { type: String, required: true },
  idNumberEnc: { type: String, required: true },
  nameMasked: { type: String, required: true },
  idNumberMasked: { type: String, required: true },
} as const;

export const SealedPersonSchema = new Schema(sealedPersonFields, { _id: false });

/**
 * Seals a person's clear identity (already validated and normalised) for the record it goes into:
 * a task's `person` or a session's `identity`.
 */
export function sealPerson(
  vault: PersonalDataVault,
  person: { name: string; idType: IdType; idNumber: string },
  into: { collection: 'tasks' | 'sessions'; id: string },
): SealedPerson {
  const [name, idNumber] = sealedPersonPlaces(into);
  return {
    idType: person.idType,
    lookup: vault.lookupHash(person.idType, person.idNumber),
    nameEnc: vault.encrypt(person.name, name),
    idNumberEnc: vault.encrypt(person.idNumber, idNumber),
    nameMasked: maskName(person.name),
    idNumberMasked: maskIdNumber(person.idNumber),
  };
}

/** Where a sealed person's name and ID number are, in a task (`person`) or a session (`identity`). */
export function sealedPersonPlaces(of: { collection: 'tasks' | 'sessions'; id: string }): [name: SealContext, idNumber: SealContext] {
  return of.collection === 'tasks'
    ? [
        { collection: 'tasks', id: of.id, field: 'person.nameEnc' },
        { collection: 'tasks', id: of.id, field: 'person.idNumberEnc' },
      ]
    : [
        { collection: 'sessions', id: of.id, field: 'identity.nameEnc' },
        { collection: 'sessions', id: of.id, field: 'identity.idNumberEnc' },
      ];
}
