export { AppStateProvider, useAppState, ELDER_KEY } from './AppState';
export type { AppState, AppActions, NoticeKind, TypedIdentity, TaskPass } from './AppState';
