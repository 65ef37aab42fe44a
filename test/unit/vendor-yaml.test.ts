// The build's one-file yaml (dist/vendor/yaml.cjs) is what the CLI loads, and it is the
// package itself: same version, same output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as pkgYaml from 'yaml';
import { loadYaml } from '../../src/config/yaml.js';

test('loadYaml returns the bundled copy of the installed yaml package', async () => {
  const y = await loadYaml();
  const bundled = createRequire(import.meta.url)('../../vendor/yaml.cjs');
  assert.equal(y, bundled, 'npm run build makes dist/vendor/yaml.cjs and the CLI uses it');
  const doc = { name: 'bt', tags: { team: 'data' }, list: [1, 'two', true], text: 'a: b' };
  assert.equal(y.stringify(doc), pkgYaml.stringify(doc));
  assert.deepEqual(y.parse('a: [1, 2]\nb: {c: d}\n'), pkgYaml.parse('a: [1, 2]\nb: {c: d}\n'));
  const version = JSON.parse(await readFile(new URL('../../../node_modules/yaml/package.json', import.meta.url), 'utf8')).version;
  assert.ok((await readFile(new URL('../../vendor/yaml.cjs', import.meta.url), 'utf8')).length > 10_000, `yaml ${version} bundled`);
});
