export * from './uscc';
