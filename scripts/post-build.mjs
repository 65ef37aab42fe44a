// Make the built CLI executable (npx runs the bin directly).
import { chmodSync, existsSync } from 'node:fs';
const bin = new URL('../dist/src/cli.js', import.meta.url);
if (existsSync(bin)) chmodSync(bin, 0o755);
