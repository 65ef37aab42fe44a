// Run command handlers in-process the way cli.ts does (errors rendered, exit code returned),
// over a temp deployment dir: braintrust.json + .braintrust/outputs.json, captured output.
import { PassThrough, Writable } from 'node:stream';
import { rmSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Ctx, Handler } from '../../src/context.js';
import type { Cloud } from '../../src/config/schema.js';
import { Output } from '../../src/ui/output.js';
import { Io, type IoMessage } from '../../src/ui/io.js';
import { createPrompter, type Prompter } from '../../src/ui/prompts.js';
import { BraintrustError, ExitCode } from '../../src/ui/errors.js';

export function captureStream(): { stream: Writable; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk, _enc, cb) { chunks.push(String(chunk)); cb(); } });
  return { stream, text: () => chunks.join('') };
}

/**
 * The product's own Prompter, recording what it asks. `confirm` undefined: headless (no TTY),
 * so a question is the product's usage error naming its flag. Otherwise each confirmation is
 * answered by typing y or n into the real prompt through a stream.
 */
export function fakePrompter(confirm?: boolean): Prompter & { asked: string[] } {
  const asked: string[] = [];
  const input = new PassThrough();
  const output = new PassThrough();
  output.resume();
  const real = createPrompter(confirm !== undefined, { input, output });
  return {
    enabled: real.enabled,
    asked,
    select: (q) => real.select(q),
    input: (q) => real.input(q),
    async confirm(q) {
      asked.push(q.message);
      const answer = real.confirm(q);
      if (confirm !== undefined) input.write(confirm ? 'y\n' : 'n\n');
      return answer;
    },
  };
}

export interface CtxOptions {
  cwd: string;
  config: string;
  env: NodeJS.ProcessEnv;
  json?: boolean;
  yes?: boolean;
  confirm?: boolean;
  signal?: AbortSignal;
}

export interface HandlerRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Every message the run emitted, in order (assert on codes and data, not on text). */
  messages: IoMessage[];
  error?: BraintrustError | Error;
}

export async function runHandler<O>(run: Handler<O>, o: CtxOptions, opts: O, args: string[] = []): Promise<HandlerRun> {
  const stdout = captureStream();
  const stderr = captureStream();
  const out = new Output({ json: Boolean(o.json), color: false, interactive: false, verbose: true, stdout: stdout.stream, stderr: stderr.stream });
  const messages: IoMessage[] = [];
  const ctx: Ctx = {
    io: new Io(out, [(m) => messages.push(m)]),
    prompt: fakePrompter(o.confirm),
    globals: { config: o.config, json: Boolean(o.json), yes: Boolean(o.yes), nonInteractive: o.confirm === undefined, color: false, verbose: true },
    cwd: o.cwd,
    env: o.env,
    clock: () => new Date(),
    signal: o.signal ?? new AbortController().signal,
  };
  try {
    const code = await run(ctx, opts, args);
    return { code: typeof code === 'number' ? code : 0, stdout: stdout.text(), stderr: stderr.text(), messages };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    out.error(err);
    const code = err instanceof BraintrustError ? err.exitCode : ExitCode.failed;
    return { code, stdout: stdout.text(), stderr: stderr.text(), error: err, messages };
  }
}

/** A valid config for the cloud (testing tier). */
export function testConfig(cloud: Cloud): Record<string, unknown> {
  return {
    name: 'bt-test',
    cloud,
    ...(cloud === 'docker' ? {} : { region: cloud === 'aws' ? 'us-east-1' : cloud === 'gcp' ? 'us-central1' : 'eastus' }),
    tier: 'testing',
    version: 'v1.0.0',
    orgName: 'acme',
    api: { instances: 1, cpu: 1, memoryGiB: 2 },
    postgres: { instanceType: 'db.r8g.large', storageGiB: 100, iops: 3000, version: 15 },
    redis: { instanceType: 'cache.r7g.large', version: '7.1' },
    brainstore: { combined: { count: 1, instanceType: 'c8gd.xlarge' } },
  };
}

const created: string[] = [];
process.once('exit', () => { for (const d of created) rmSync(d, { recursive: true, force: true }); });

export interface TestDeployment {
  dir: string;
  configPath: string;
  stateDir: string;
  /** One entry per session: its start record merged with its end record (when there is one). */
  audit(): Promise<Record<string, unknown>[]>;
  /** The raw JSON lines (start and end records apart). */
  auditRecords(): Promise<Record<string, unknown>[]>;
  auditText(): Promise<string>;
}

/** Start and end records of a session (same id) as one entry, in start order. */
function mergeSessions(records: Record<string, unknown>[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const byId = new Map<unknown, Record<string, unknown>>();
  for (const r of records) {
    const start = r.event === 'end' && r.id !== undefined ? byId.get(r.id) : undefined;
    if (start) {
      Object.assign(start, { ...r, time: start.time });
    } else {
      const entry = { ...r };
      out.push(entry);
      if (r.event === 'start' && r.id !== undefined) byId.set(r.id, entry);
    }
  }
  return out;
}

/** A temp dir with braintrust.json and .braintrust/outputs.json (outputs omitted: none written). */
export async function writeDeployment(cloud: Cloud, outputs?: Record<string, string | number>): Promise<TestDeployment> {
  const dir = await mkdtemp(join(tmpdir(), 'bt-connect-'));
  created.push(dir); // removed when the test process exits
  const configPath = join(dir, 'braintrust.json');
  const stateDir = join(dir, '.braintrust');
  await writeFile(configPath, JSON.stringify(testConfig(cloud), null, 2));
  if (outputs) {
    await mkdir(stateDir, { recursive: true });
    await writeFile(join(stateDir, 'outputs.json'), JSON.stringify(outputs, null, 2));
  }
  const auditText = () => readFile(join(stateDir, 'audit.jsonl'), 'utf8').catch(() => '');
  const auditRecords = async () => (await auditText()).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    dir, configPath, stateDir, auditText, auditRecords,
    audit: async () => mergeSessions(await auditRecords()),
  };
}
