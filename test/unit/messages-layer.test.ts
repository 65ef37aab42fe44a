// Messages as data (after aws-cdk's IoHost): everything below src/ui/ tells the user things by
// emitting a coded message (ctx.io.emit); only src/ui/ formats, colours and decides between human
// text and JSON. The scan reads the TypeScript sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogs, messages } from '../../src/ui/messages/index.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const uiDir = join(repo, 'src', 'ui') + sep;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : /\.(ts|mts|cts)$/.test(f) && !f.endsWith('.d.ts') ? [p] : [];
  });
}

const sources = walk(join(repo, 'src')).filter((f) => !f.startsWith(uiDir));

/** Lines of `file` matching `re`, as "path:line: text". */
function hits(file: string, re: RegExp): string[] {
  return readFileSync(file, 'utf8').split('\n').flatMap((l, i) => (re.test(l) ? [`${relative(repo, file)}:${i + 1}: ${l.trim()}`] : []));
}

/** The program builds the Output it hands to Io and renders uncaught errors with it. */
const OUTPUT_OWNERS = new Set(['src/cli-main.ts', 'src/bin.cts']);

test('outside src/ui/ nothing prints, colours or renders tables itself: it emits messages', () => {
  const re = /\bout\.(print|info|warn|success|debug|result|event|table|status|c)\b|\bctx\.out\b|\.c\.(red|green|yellow|dim|bold|cyan)\(|from '(\.\.\/)+ui\/output\.js'|from 'chalk'/;
  const bad = sources.filter((f) => !OUTPUT_OWNERS.has(relative(repo, f))).flatMap((f) => hits(f, re));
  assert.deepEqual(bad, [], 'emit a message (src/ui/messages/) instead');
});

test('nothing below the program branches on --json (a message has both forms)', () => {
  // Refusing --json for an interactive session is a usage check, not a rendering branch.
  const usageChecks = /globals\.json\) throw usageError|&& ctx\.globals\.json\) throw usageError/;
  const bad = sources
    .filter((f) => !OUTPUT_OWNERS.has(relative(repo, f)))
    .flatMap((f) => hits(f, /globals\.json\b/))
    .filter((h) => !usageChecks.test(h));
  assert.deepEqual(bad, [], 'put the human and the JSON form in one message');
});

test('every message code is <area>.<what> in kebab case, with a level', () => {
  const levels = new Set(['result', 'progress', 'info', 'success', 'warn', 'debug']);
  for (const [code, def] of Object.entries(messages)) {
    assert.match(code, /^[a-z]+(-[a-z]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)+$/, code);
    assert.ok(levels.has((def as { level: string }).level), `${code}: level ${(def as { level: string }).level}`);
  }
  assert.ok(Object.keys(messages).length > 20, 'the catalog holds the CLI messages');
});

test('no two area catalogs declare the same code, and every catalog is in the index', () => {
  const seen = new Map<string, number>();
  catalogs.forEach((c, i) => {
    for (const code of Object.keys(c)) {
      assert.equal(seen.get(code), undefined, `${code} is declared by catalogs ${seen.get(code)} and ${i}`);
      seen.set(code, i);
    }
  });
  assert.equal(seen.size, Object.keys(messages).length);
  const files = readdirSync(join(repo, 'src', 'ui', 'messages')).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
  assert.equal(catalogs.length, files.length, `one catalog per file in src/ui/messages/ (${files.join(', ')})`);
});

test('the catalog imports no npm package (it loads on every command)', () => {
  const files = walk(join(repo, 'src', 'ui', 'messages'));
  const bad = files.flatMap((f) => hits(f, /^import (?!type )[^;]*from '(?!\.|node:)/));
  assert.deepEqual(bad, []);
});
