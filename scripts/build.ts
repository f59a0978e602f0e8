/**
 * `npm run build`: the BFF for production (`dist/bff/main.js` and the browser scripts it serves).
 * Run it with `NODE_ENV=production node --enable-source-maps dist/bff/main.js`.
 */
import { buildBff } from './lib/bffBuild';

buildBff().then(
  () => process.stderr.write('[build] dist/bff: main.js, public/\n'),
  (err) => {
    process.stderr.write(`[build] failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
