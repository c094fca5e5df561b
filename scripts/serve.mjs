// `npm run serve`: build when stale, then run the headless host in this process (flags pass straight through).
import { createRequire } from 'node:module';
import { buildIfStale } from './build-if-stale.mjs';

try {
  buildIfStale();
} catch (err) {
  console.error(`fn-studio: ${err.message}`);
  process.exit(1);
}
createRequire(import.meta.url)('../out/main/serve.js');
