export * from './common';
export * from './matterView';
export * from './portal';
export * from './mp';
export * from './realtime';
export * from './operator';
export * from './system';
