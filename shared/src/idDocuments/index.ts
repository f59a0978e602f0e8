export * from './types';
export * from './validate';
export { computeCheckCharacter, hasValidCheckCharacter } from './checkCharacter';
export { isRealBirthDate } from './birthDate';
