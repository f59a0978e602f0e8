import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';

import './app.scss';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // Launch-time work (restoring a session, checking for updates) will go here.
  });

  // children is the page being rendered.
  return children;
}

export default App;
