import { createContext, useCallback, useContext, useMemo, useState, type PropsWithChildren } from 'react';
import type { IdType } from '@regverify/shared';
import { platform } from '../platform';

/** The identity as the person typed it. Kept in memory only: personal data never goes to storage. */
export interface TypedIdentity {
  name: string;
  idType: IdType;
  idNumber: string;
}

/** A task face check that passed and may be used once to confirm that task. */
export interface TaskPass {
  taskId: string;
  verificationId: string;
}

export interface AppState {
  identity: TypedIdentity | null;
  needsBankCard: boolean;
  /** The matter named by the deep link (`pages/entry/index?matterId=…`), to open it once the list is loaded. */
  entryMatterId: string | null;
  /** The picture of the entry face check, shown once for the person to confirm; memory only. */
  facePicture: string | null;
  taskPass: TaskPass | null;
  /** The versions of the separate notices (人脸信息, 银行卡信息) the person ticked in this run. */
  consents: Partial<Record<NoticeKind, string>>;
  elder: boolean;
}

export type NoticeKind = 'face' | 'bankcard';

export interface AppActions {
  setIdentity(identity: TypedIdentity, needsBankCard: boolean): void;
  /** 重新录入: drop everything the person typed or proved in this run. */
  forgetIdentity(): void;
  setEntryMatterId(matterId: string | null): void;
  setFacePicture(picture: string | null): void;
  setTaskPass(pass: TaskPass | null): void;
  /** The person ticked (a version) or unticked (null) a separate notice. */
  setNoticeConsent(kind: NoticeKind, version: string | null): void;
  setElder(elder: boolean): void;
}

export const ELDER_KEY = 'regverify.elder';

const StateContext = createContext<(AppState & AppActions) | null>(null);

const readElder = () => {
  try {
    return platform.storage.get(ELDER_KEY) === '1';
  } catch {
    return false;
  }
};

export function AppStateProvider({ children, initial }: PropsWithChildren<{ initial?: Partial<AppState> }>) {
  const [state, setState] = useState<AppState>(() => ({
    identity: null,
    needsBankCard: false,
    entryMatterId: null,
    facePicture: null,
    taskPass: null,
    consents: {},
    elder: readElder(),
    ...initial,
  }));

  const patch = useCallback((next: Partial<AppState>) => setState((s) => ({ ...s, ...next })), []);

  const actions = useMemo<AppActions>(
    () => ({
      setIdentity: (identity, needsBankCard) => patch({ identity, needsBankCard, facePicture: null, taskPass: null }),
      forgetIdentity: () => patch({ identity: null, needsBankCard: false, facePicture: null, taskPass: null, consents: {} }),
      setEntryMatterId: (entryMatterId) => patch({ entryMatterId }),
      setFacePicture: (facePicture) => patch({ facePicture }),
      setTaskPass: (taskPass) => patch({ taskPass }),
      setNoticeConsent: (kind, version) =>
        setState((s) => {
          const consents = { ...s.consents };
          if (version) consents[kind] = version;
          else delete consents[kind];
          return { ...s, consents };
        }),
      setElder: (elder) => {
        // The one preference worth remembering between launches; it is not personal data.
        platform.storage.set(ELDER_KEY, elder ? '1' : '0');
        patch({ elder });
      },
    }),
    [patch],
  );

  const value = useMemo(() => ({ ...state, ...actions }), [state, actions]);
  return <StateContext.Provider value={value}>{children}</StateContext.Provider>;
}

export function useAppState(): AppState & AppActions {
  const value = useContext(StateContext);
  if (!value) throw new Error('useAppState needs <AppStateProvider> (client/src/app.ts)');
  return value;
}
