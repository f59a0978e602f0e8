export { AppStateProvider, useAppState, ELDER_KEY } from './AppState';
export type { AppState, AppActions, TypedIdentity, TaskPass } from './AppState';
