// Layering: src/commands/ is the top layer (parse options, call the core, print). Nothing below
// it (config, sizing, deploy, state, terraform, access, doctor, upgrade, ui …) nor stacks/
// imports from it; only the bin, src/bin.cts, and src/cli-main.ts, the program it runs, do. The scan reads the TypeScript sources, so a static
// import, a re-export or a lazy import() of a command module all count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const commandsDir = join(repo, 'src', 'commands') + sep;
/** The entry points above the commands: the bin, the ES-module CLI and the program it builds. */
const TOP = new Set(['cli-main.ts', 'bin.cts'].map((f) => join(repo, 'src', f)));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : /\.(ts|mts|cts)$/.test(f) && !f.endsWith('.d.ts') ? [p] : [];
  });
}

/** Every module specifier in a source text: `from '…'`, `import '…'`, `import('…')`. */
export function specifiers(text: string): string[] {
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;
  return [...text.matchAll(re)].map((m) => m[1]);
}

/** Files below src/commands/ that import a module inside src/commands/, as "file -> specifier". */
export function upwardImports(files: string[]): string[] {
  const bad: string[] = [];
  for (const file of files) {
    if (file.startsWith(commandsDir) || TOP.has(file)) continue;
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const target = resolve(dirname(file), spec);
      if (target.startsWith(commandsDir)) bad.push(`${relative(repo, file)} -> ${spec}`);
    }
  }
  return bad;
}

test('the scanner sees static imports, re-exports and lazy import()s', () => {
  assert.deepEqual(
    specifiers(`import { a } from '../commands/a.js';\nexport { b } from "./b.js";\nimport './side.js';\nconst m = await import('../commands/c.js');\nimport type { T } from '../t.js';`),
    ['../commands/a.js', './b.js', './side.js', '../commands/c.js', '../t.js'],
  );
});

test('no module below src/commands/ (nor stacks/) imports from src/commands/', () => {
  const files = [...walk(join(repo, 'src')), ...walk(join(repo, 'stacks'))];
  assert.ok(files.length > 50, `expected the sources under ${repo}`);
  assert.deepEqual(upwardImports(files), [], 'move the shared logic out of src/commands/ into the layer that needs it');
});
