// The interactive `init` wizard as a user meets it: the built CLI in a pseudo-terminal, answered
// key by key (arrow keys in a list, typed text, Enter), a validation message re-asking, and
// Ctrl-C at a question leaving nothing behind (exit 130).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir, removeDir } from '../helpers/cli.js';
import { hasPython3, runCliInPty } from '../helpers/pty.js';

const DOWN = '\x1b[B';
const ENTER = '\r';
const CTRL_C = '\x03';

describe('init wizard in a terminal', { skip: hasPython3() ? false : 'python3 (pty) is not installed' }, () => {
  let dir: string;
  before(async () => { dir = await tempDir(); });
  after(async () => removeDir(dir));

  test('answers every question: a cloud from the list, defaults, typed text, a re-ask on an empty org', async () => {
    const cwd = join(dir, 'answers');
    await mkdir(cwd);
    const r = await runCliInPty(['init'], [
      { expect: 'Cloud', send: DOWN + ENTER }, // aws -> gcp
      { expect: 'Tier', send: ENTER }, // the default: production
      { expect: 'Region', send: ENTER }, // the cloud's default region
      { expect: 'Deployment name', send: 'Bad_Name' + ENTER },
      { expect: 'Use ', send: '\x7f'.repeat(8) + 'bt-pty' + ENTER }, // rejected: erase, retype
      { expect: 'Braintrust organization name', send: ENTER },
      { expect: 'Required', send: 'acme' + ENTER },
      { expect: 'Wrote ', send: '' },
    ], { cwd });
    assert.equal(r.stuckAt, undefined, r.screen);
    assert.equal(r.code, 0, r.screen);
    const text = await readFile(join(cwd, 'braintrust.yaml'), 'utf8');
    assert.match(text, /^cloud: gcp$/m);
    assert.match(text, /^tier: production$/m);
    assert.match(text, /^region: us-central1$/m);
    assert.match(text, /^name: bt-pty$/m);
    assert.match(text, /orgName: acme/);
    assert.match(r.screen, /Next: braintrust sizing check/);
  });

  test('Ctrl-C at a question exits 130 and writes nothing', async () => {
    const cwd = join(dir, 'cancel');
    await mkdir(cwd);
    const r = await runCliInPty(['init'], [
      { expect: 'Cloud', send: ENTER },
      { expect: 'Tier', send: CTRL_C },
    ], { cwd });
    assert.equal(r.stuckAt, undefined, r.screen);
    assert.equal(r.code, 130, r.screen);
    assert.match(r.screen, /Cancelled \(Ctrl-C at a prompt\): nothing was changed/);
    assert.deepEqual(await readdir(cwd), []);
  });
});
