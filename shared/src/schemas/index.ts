export * from './common';
export * from './matterView';
export * from './portal';
export * from './mp';
export * from './realtime';
