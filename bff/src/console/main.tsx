/// <reference lib="dom" />
import '@regverify/shared/zodWithoutEval';
import { createRoot } from 'react-dom/client';
import { App } from './App';

createRoot(document.getElementById('root')!).render(<App />);
