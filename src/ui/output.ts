// The one output layer. Results go to stdout; progress, logs and warnings to stderr.
// Colour and spinners only on an interactive TTY without --json, CI or NO_COLOR.
import type { Writable } from 'node:stream';
import { BraintrustError } from './errors.js';
import type { Paint, Palette } from './message-def.js';

export interface OutputOptions {
  json: boolean;
  color: boolean;
  /** Spinners and live progress allowed (TTY, not CI, not JSON). */
  interactive: boolean;
  verbose: boolean;
  stdout?: Writable;
  stderr?: Writable;
}

export type Status = 'pass' | 'warn' | 'fail' | 'skip' | 'info';

export interface Spinner {
  update(text: string): void;
  succeed(text?: string): void;
  fail(text?: string): void;
  stop(): void;
}

const plain: Paint = (s) => s;
const noColor: Palette = { red: plain, green: plain, yellow: plain, dim: plain, bold: plain, cyan: plain };

export class Output {
  readonly json: boolean;
  readonly verbose: boolean;
  readonly interactive: boolean;
  private readonly stdout: Writable;
  private readonly stderr: Writable;
  private palette: Palette = noColor;
  private readonly colorWanted: boolean;
  /** Set once a JSON-lines stream started: the final result is then one line too. */
  private streamed = false;
  /** The running spinner, so an error never leaves one spinning above its message. */
  private activeSpinner: Spinner | undefined;

  constructor(opts: OutputOptions) {
    this.json = opts.json;
    this.verbose = opts.verbose;
    this.interactive = opts.interactive && !opts.json;
    this.stdout = opts.stdout ?? process.stdout;
    this.stderr = opts.stderr ?? process.stderr;
    this.colorWanted = opts.color && !opts.json;
  }

  /** chalk is loaded only when colour is really used. */
  async init(): Promise<void> {
    if (!this.colorWanted) return;
    const { default: chalk } = await import('chalk');
    this.palette = {
      red: chalk.red, green: chalk.green, yellow: chalk.yellow, dim: chalk.dim, bold: chalk.bold, cyan: chalk.cyan,
    };
  }

  get c(): Palette {
    return this.palette;
  }

  /** A human line on stderr (suppressed from stdout so JSON stays clean). */
  info(msg: string): void {
    this.stderr.write(msg + '\n');
  }
  warn(msg: string): void {
    this.stderr.write(this.palette.yellow('warning: ') + msg + '\n');
  }
  debug(msg: string): void {
    if (this.verbose) this.stderr.write(this.palette.dim(msg) + '\n');
  }
  success(msg: string): void {
    this.stderr.write(this.palette.green('✔ ') + msg + '\n');
  }

  /** Human result text on stdout (ignored in JSON mode: use result()). */
  print(msg = ''): void {
    if (!this.json) this.stdout.write(msg + '\n');
  }

  /** The one JSON document of a --json run. */
  result(doc: unknown): void {
    if (this.json) this.stdout.write(JSON.stringify(doc, null, this.streamed ? undefined : 2) + '\n');
  }

  /** One JSON line of a stream (apply progress). */
  event(doc: unknown): void {
    if (!this.json) return;
    this.streamed = true;
    this.stdout.write(JSON.stringify(doc) + '\n');
  }

  status(s: Status): string {
    const p = this.palette;
    switch (s) {
      case 'pass': return p.green('pass');
      case 'warn': return p.yellow('warn');
      case 'fail': return p.red('FAIL');
      case 'skip': return p.dim('skip');
      default: return s;
    }
  }

  table(headers: string[], rows: string[][]): void {
    if (this.json) return;
    this.stdout.write(renderTable(headers, rows) + '\n');
  }

  async spinner(text: string): Promise<Spinner> {
    // A terminal that reports no width (a pty nobody sized, some CI runners) cannot host a live
    // line: ora divides by the width to clear it and never finishes.
    const tty = this.stderr as Partial<NodeJS.WriteStream>;
    if (!this.interactive || (tty.isTTY && !((tty.columns ?? 0) > 0))) {
      this.info(text);
      return {
        update: () => {},
        succeed: (t) => this.success(t ?? text),
        fail: (t) => this.info(this.palette.red('✖ ') + (t ?? text)),
        stop: () => {},
      };
    }
    const { default: ora } = await import('ora');
    pauseUnreadStdin();
    // Our palette paints the frame and the end symbols: ora's own (log-symbols) ignore --no-color.
    const s = ora({ text, stream: this.stderr as NodeJS.WriteStream, color: this.colorWanted ? 'cyan' : false }).start();
    let ended = false;
    const done = (finish: () => void) => {
      if (this.activeSpinner === spinner) this.activeSpinner = undefined;
      if (!ended) finish();
      ended = true;
    };
    const spinner: Spinner = {
      update: (t) => { s.text = t; },
      succeed: (t) => done(() => s.stopAndPersist({ symbol: this.palette.green('✔'), text: t ?? s.text })),
      fail: (t) => done(() => s.stopAndPersist({ symbol: this.palette.red('✖'), text: t ?? s.text })),
      stop: () => done(() => s.stop()),
    };
    this.activeSpinner = spinner;
    return spinner;
  }

  /** Render an error: JSON document on stdout with --json, else message + hint on stderr. */
  error(err: BraintrustError | Error): void {
    const be = err instanceof BraintrustError ? err : undefined;
    this.activeSpinner?.fail();
    if (this.json) {
      const error = be ? be.toJSON() : { code: 'INTERNAL', message: err.message };
      this.stdout.write(JSON.stringify({ ok: false, error }, null, 2) + '\n');
      if (this.verbose && err.stack) this.stderr.write(err.stack + '\n');
      return;
    }
    const p = this.palette;
    // Ctrl-C or a declined confirmation is not a failure: say what happened, without "error:".
    if (be?.code === 'INTERRUPTED') this.stderr.write(p.yellow(be.message) + '\n');
    else this.stderr.write(p.red('error: ') + err.message + '\n');
    if (be) {
      for (const d of be.details) this.stderr.write('  ' + d.split('\n').join('\n  ') + '\n');
      if (be.hint) this.stderr.write(p.cyan(be.code === 'INTERRUPTED' ? 'next: ' : 'fix: ') + be.hint + '\n');
    } else {
      this.stderr.write('This is a bug in braintrust. Please report it with the output of --verbose.\n');
    }
    if (this.verbose && err.stack) this.stderr.write(p.dim(err.stack) + '\n');
  }
}

/**
 * ora puts a TTY stdin into raw mode while spinning (so typed keys do not garble the line) and
 * turns a Ctrl-C byte back into SIGINT, but it only reads stdin if stdin was paused before. A
 * stdin nobody has read yet is neither paused nor flowing, so without this Ctrl-C during a
 * spinner (e.g. `install --yes` in a terminal) would be swallowed by raw mode and do nothing.
 */
function pauseUnreadStdin(): void {
  const stdin = process.stdin;
  if (stdin.isTTY && stdin.readableFlowing === null) stdin.pause();
}

const ansi = /\u001b\[[0-9;]*m/g;
function visibleLength(s: string): number {
  return s.replace(ansi, '').length;
}

export function renderTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells.map((c, i) => c + ' '.repeat(Math.max(0, widths[i] - visibleLength(c)))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
