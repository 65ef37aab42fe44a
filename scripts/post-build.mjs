// Make the built CLI executable (npx runs the bin directly).
import { chmodSync, existsSync, lstatSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const bin = new URL('../dist/src/bin.cjs', import.meta.url);
if (existsSync(bin)) chmodSync(bin, 0o755);

// In a clone, `npx braintrust-self-host …` (the README's first command) looks for a bin of that
// name in node_modules/.bin, where npm never links the root package's own bins. Link it there,
// so the clone runs the same command a user runs from the registry.
const binDir = new URL('../node_modules/.bin/', import.meta.url);
if (existsSync(new URL('../node_modules/', import.meta.url))) {
  mkdirSync(binDir, { recursive: true });
  for (const name of ['braintrust-self-host', 'braintrust']) {
    const link = fileURLToPath(new URL(name, binDir));
    let present = false;
    try { lstatSync(link); present = true; } catch { /* absent */ }
    if (present) rmSync(link, { force: true }); // an older build's link may point at cli.js
    symlinkSync('../../dist/src/bin.cjs', link);
  }
}
