export * from './idDocuments';
export * from './luhn';
export * from './masking';
export * from './errors';
export * from './statusWords';
export * from './events';
export * from './schemas';
export * from './platforms';
