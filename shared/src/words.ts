/**
 * The words of the product without zod: status words, document labels, error messages. A separate
 * entry (`@regverify/shared/words`) for code bundled into browsers, which must not pull in the
 * schemas.
 */
export * from './statusWords';
export * from './personBudgets';
export * from './errors';
export { ID_TYPES, ID_TYPE_LABELS, type IdType } from './idDocuments/types';
export * from './platforms';
