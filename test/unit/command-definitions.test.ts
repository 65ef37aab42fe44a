// Every command is defined one way: defineCommand in src/commands/<name>.spec.ts, beside its
// handler, with option keys commander really produces and no hand-written option types.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Option } from 'commander';
import { commands } from '../../src/commands/index.js';
import { isDefinedCommand, optionDefaults, type CommandSpec } from '../../src/commands/registry.js';
import { projectRoot } from '../helpers/cli.js';

const commandsDir = join(projectRoot, 'src', 'commands');

async function specModules(): Promise<Map<string, CommandSpec[]>> {
  const files = (await readdir(commandsDir)).filter((f) => f.endsWith('.spec.ts'));
  const out = new Map<string, CommandSpec[]>();
  for (const f of files) {
    const mod = (await import(`../../src/commands/${f.replace(/\.ts$/, '.js')}`)) as Record<string, unknown>;
    out.set(f, Object.values(mod).filter(isDefinedCommand));
  }
  return out;
}

describe('command definitions', () => {
  test('every command in the list comes from defineCommand, once', () => {
    assert.ok(commands.length > 20);
    for (const c of commands) assert.ok(isDefinedCommand(c), `${(c as { name: string }).name} is not made by defineCommand`);
    const names = commands.map((c) => c.name);
    assert.deepEqual(names.filter((n, i) => names.indexOf(n) !== i), []);
  });

  test('each command is exported by a <name>.spec.ts beside its handler <name>.ts, and listed', async () => {
    const modules = await specModules();
    const exported = [...modules.values()].flat();
    assert.deepEqual(new Set(exported), new Set(commands), 'the list holds exactly the commands the spec files define');
    for (const [file, defs] of modules) {
      if (!defs.length) continue;
      assert.ok(existsSync(join(commandsDir, file.replace(/\.spec\.ts$/, '.ts'))), `${file} has no handler file beside it`);
    }
  });

  test('option keys are the names commander gives the parsed values', () => {
    for (const c of commands) {
      for (const [key, o] of Object.entries(c.options)) {
        assert.equal(new Option(o.flags).attributeName(), key, `${c.name} ${o.flags}`);
        if (o.negation) assert.equal(new Option(o.negation.flags).attributeName(), key, `${c.name} ${o.negation.flags}`);
      }
    }
  });

  test('defaults live in the definition: what a handler gets when a flag is not passed', () => {
    const byName = new Map(commands.map((c) => [c.name, c]));
    assert.deepEqual(optionDefaults(byName.get('support-access grant')!.options), { duration: '8h', apply: true, out: 'braintrust.out' });
    assert.deepEqual(optionDefaults(byName.get('connect postgres')!.options), { maxDuration: '1h', via: 'auto' });
    assert.deepEqual(optionDefaults(byName.get('status')!.options), {});
  });

  test('handlers declare no option interfaces and no Handler<any>; spec files import no handler', async () => {
    for (const f of (await readdir(commandsDir)).filter((n) => n.endsWith('.ts'))) {
      const text = await readFile(join(commandsDir, f), 'utf8');
      assert.doesNotMatch(text, /Handler<any>/, f);
      assert.doesNotMatch(text, /^(export )?interface \w*Options\b/m, `${f}: infer the options from the definition (OptionValues)`);
      if (f.endsWith('.spec.ts')) {
        // Static imports of a spec file: the registry and shared option sets only (--help stays light).
        const imports = [...text.matchAll(/^import .* from '(.+)';$/gm)].map((m) => m[1]);
        for (const i of imports) assert.ok(['./registry.js', './common-options.js'].includes(i), `${f} imports ${i}`);
      }
    }
  });
});
