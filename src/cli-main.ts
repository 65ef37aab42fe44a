// The braintrust CLI (src/cli.ts launches it): turns the command list into commander commands, builds the context,
// runs the handler and exits in this one place with the code from DESIGN.md.
import { Command, Option, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { commands, groups } from './commands/index.js';
import type { CommandSpec } from './commands/registry.js';
import type { Ctx, GlobalOptions } from './context.js';
import { Output } from './ui/output.js';
import { createPrompter } from './ui/prompts.js';
import { BraintrustError, ExitCode, InterruptedError } from './ui/errors.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

function envTruthy(v: string | undefined): boolean {
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

export function resolveGlobals(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): GlobalOptions {
  const ci = envTruthy(env.CI);
  // DESIGN.md: not a TTY, CI, --json or NO_COLOR mean no spinners, no colour and no prompts.
  const noColorEnv = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const nonInteractive = Boolean(raw.nonInteractive) || ci || noColorEnv || !process.stdin.isTTY;
  const color = raw.color !== false && !noColorEnv && Boolean(process.stderr.isTTY) && !ci;
  return {
    config: String(raw.config ?? env.BRAINTRUST_CONFIG ?? 'braintrust.yaml'),
    json: Boolean(raw.json),
    yes: Boolean(raw.yes),
    nonInteractive,
    color,
    verbose: Boolean(raw.verbose),
  };
}

async function runCommand(spec: CommandSpec, cmd: Command, args: string[]): Promise<number> {
  const all = cmd.optsWithGlobals() as Record<string, unknown>;
  const globals = resolveGlobals(all, process.env);
  const out = new Output({
    json: globals.json,
    color: globals.color,
    interactive: !globals.nonInteractive && Boolean(process.stderr.isTTY),
    verbose: globals.verbose,
  });
  await out.init();
  // The message catalog loads with the first command that runs, not for --help or --version.
  const { Io } = await import('./ui/io.js');
  const io = new Io(out);
  const controller = new AbortController();
  let interrupts = 0;
  let sigintHandedOver = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    if (sig === 'SIGINT' && sigintHandedOver > 0) return; // the interactive child's Ctrl-C
    interrupts += 1;
    if (interrupts > 1) {
      io.emit('cli.forced-exit', { signal: sig });
      process.exit(ExitCode.interrupted);
    }
    io.emit('cli.interrupted', { signal: sig });
    controller.abort(new InterruptedError(sig));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const ctx: Ctx = {
    io,
    prompt: createPrompter(!globals.nonInteractive && !globals.json),
    globals,
    cwd: process.cwd(),
    env: process.env,
    clock: () => new Date(),
    signal: controller.signal,
    handOverSigint: async (run) => {
      sigintHandedOver += 1;
      try {
        return await run();
      } finally {
        sigintHandedOver -= 1;
      }
    },
  };
  try {
    const { checkCommonFlags } = await import('./commands/flag-checks.js');
    checkCommonFlags(all);
    const mod = await spec.load();
    const code = await mod.run(ctx, all, args);
    return typeof code === 'number' ? code : 0;
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    out.error(err);
    return err instanceof BraintrustError ? err.exitCode : ExitCode.failed;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export function buildProgram(onExit: (code: number) => void): Command {
  const program = new Command('braintrust')
    .description('Install and operate a self-hosted Braintrust data plane on AWS, GCP or Azure')
    .version(pkg.version, '--version', 'print the CLI version')
    .option('--config <path>', 'deployment config file (YAML or JSON; default $BRAINTRUST_CONFIG or braintrust.yaml)')
    .option('--json', 'print one JSON document on stdout (logs go to stderr)')
    .option('--yes', 'assume yes for confirmations (needed to apply in CI)')
    .option('--non-interactive', 'never prompt (implied when stdin is not a TTY, CI=true or NO_COLOR is set)')
    .option('--no-color', 'disable colour (also NO_COLOR)')
    .option('--verbose', 'more output, stack traces on errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  const parents = new Map<string, Command>([['', program]]);
  const parentFor = (path: string[]): Command => {
    const key = path.join(' ');
    const found = parents.get(key);
    if (found) return found;
    const grandparent = parentFor(path.slice(0, -1));
    const group = groups.find((g) => g.name === key);
    const created = grandparent.command(path[path.length - 1]).description(group?.description ?? '').exitOverride();
    parents.set(key, created);
    return created;
  };

  for (const spec of commands) {
    const path = spec.name.split(' ');
    const parent = parentFor(path.slice(0, -1));
    const cmd = parent.command(path[path.length - 1]).description(spec.description).exitOverride();
    for (const a of spec.args) {
      const n = a.variadic ? `${a.name}...` : a.name;
      cmd.argument(a.required ? `<${n}>` : `[${n}]`, a.description);
    }
    for (const o of Object.values(spec.options)) {
      const opt = new Option(o.flags, o.description);
      if (o.default !== undefined) opt.default(o.default);
      if (o.choices) opt.choices(o.choices);
      cmd.addOption(opt);
      if (o.negation) cmd.addOption(new Option(o.negation.flags, o.negation.description));
    }
    cmd.action(async (...actionArgs: unknown[]) => {
      const command = actionArgs[actionArgs.length - 1] as Command;
      const positional = command.args;
      onExit(await runCommand(spec, command, positional));
    });
  }
  return program;
}

/** Run the CLI on `argv` (process.argv) and exit the process with the command's code. */
export async function main(argv: string[] = process.argv): Promise<void> {
  let exitCode: number | undefined;
  const program = buildProgram((code) => { exitCode = code; });
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; parse errors are usage errors (exit 2).
      exitCode = e.exitCode === 0 ? 0 : ExitCode.usage;
      // --json promises one JSON document on stdout, errors included (commander already
      // wrote its message and usage hint to stderr).
      if (exitCode !== 0 && argv.includes('--json')) {
        const message = e.message.replace(/^error:\s*/, '');
        process.stdout.write(JSON.stringify({ ok: false, error: { code: 'USAGE', message, hint: 'Run with --help for usage.' } }, null, 2) + '\n');
      }
    } else {
      process.stderr.write(`error: ${(e as Error).message}\n`);
      exitCode = ExitCode.failed;
    }
  }
  const code = exitCode ?? 0;
  // Let stdout drain before exiting (pipes are async).
  process.stdout.write('', () => process.exit(code));
}

