import '@regverify/shared/zodWithoutEval';
import { createElement, type PropsWithChildren } from 'react';

import { registerAccessibleAttributes } from './accessibleAttributes';
import { AppStateProvider } from './store';
import './app.scss';

registerAccessibleAttributes();

/** Wraps every page in the UI state (identity typed in this run, elder mode, the deep-linked matter). */
function App({ children }: PropsWithChildren) {
  // children is the page being rendered; the provider is shared by all pages of this launch.
  return createElement(AppStateProvider, null, children);
}

export default App;
