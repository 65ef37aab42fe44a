// Run an ops command handler in-process like cli.ts does, with a fixed clock and a Ctrl-C the
// test presses itself: `interruptWhen` sees stdout as it grows and aborts the context signal
// (what cli.ts does on SIGINT) as soon as it returns true. No timers decide anything.
import { Writable } from 'node:stream';
import type { Ctx, Handler } from '../../src/context.js';
import { Output } from '../../src/ui/output.js';
import { Io, type IoMessage } from '../../src/ui/io.js';
import { BraintrustError, ExitCode, InterruptedError } from '../../src/ui/errors.js';
import { fakePrompter, type HandlerRun } from './connect-harness.js';

export interface OpsRunOptions {
  cwd: string;
  config: string;
  env: NodeJS.ProcessEnv;
  now: Date;
  json?: boolean;
  yes?: boolean;
  /** Answer to confirmations (undefined: headless, a prompt is an error). */
  confirm?: boolean;
  interruptWhen?: (stdout: string) => boolean;
}

export async function runOps<O>(run: Handler<O>, o: OpsRunOptions, opts: O, args: string[] = []): Promise<HandlerRun & { asked: string[] }> {
  const controller = new AbortController();
  let out = '';
  let err = '';
  const stdout = new Writable({
    write(chunk, _enc, cb) {
      out += String(chunk);
      if (o.interruptWhen && !controller.signal.aborted && o.interruptWhen(out)) {
        controller.abort(new InterruptedError('SIGINT'));
      }
      cb();
    },
  });
  const stderr = new Writable({ write(chunk, _enc, cb) { err += String(chunk); cb(); } });
  const output = new Output({ json: Boolean(o.json), color: false, interactive: false, verbose: true, stdout, stderr });
  const prompt = fakePrompter(o.confirm);
  const messages: IoMessage[] = [];
  const ctx: Ctx = {
    io: new Io(output, [(m) => messages.push(m)]),
    prompt,
    globals: { config: o.config, json: Boolean(o.json), yes: Boolean(o.yes), nonInteractive: o.confirm === undefined, color: false, verbose: true },
    cwd: o.cwd,
    env: o.env,
    clock: () => o.now,
    signal: controller.signal,
  };
  try {
    const code = await run(ctx, opts, args);
    return { code: typeof code === 'number' ? code : 0, stdout: out, stderr: err, asked: prompt.asked, messages };
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    output.error(error);
    return { code: error instanceof BraintrustError ? error.exitCode : ExitCode.failed, stdout: out, stderr: err, error, asked: prompt.asked, messages };
  }
}
