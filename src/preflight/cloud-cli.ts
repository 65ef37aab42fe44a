// One cloud CLI (aws, gcloud, az) as preflight drives it: each distinct command runs once per
// preflight (checks running concurrently share the answer), JSON output is parsed, and a failure
// becomes an error naming the command, the CLI's own message and the fix. An expired or missing
// login is recognised so every check that meets it says "log in", not "permission denied".
import { BraintrustError } from '../ui/errors.js';

export type CloudTool = 'aws' | 'gcloud' | 'az';

export interface CliRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export type RunCli = (args: string[]) => Promise<CliRun>;

export const LOGIN_HINTS: Record<CloudTool, string> = {
  aws: 'Log in again: `aws sso login` (or refresh AWS_PROFILE / account.awsProfile credentials), then re-run `braintrust preflight`.',
  gcloud: 'Log in again: `gcloud auth login` and `gcloud auth application-default login`, then re-run `braintrust preflight`.',
  az: 'Log in again: `az login`, then re-run `braintrust preflight`.',
};

// What each CLI prints when the login is missing or has expired.
const LOGIN_ERRORS = /ExpiredToken|token (included in the request )?(is|has) expired|Token has expired|Unable to locate credentials|InvalidClientTokenId|UnrecognizedClientException|SSO session .*expired|Reauthentication failed|problem refreshing your current auth tokens|You do not currently have an active account selected|AADSTS\d+|Please run 'az login'|az login/i;

export function isLoginError(text: string): boolean {
  return LOGIN_ERRORS.test(text);
}

function lastLine(text: string): string {
  return text.trim().split('\n').map((l) => l.trim()).filter(Boolean).pop() ?? '';
}

/** The subcommand words of an argv (`ec2 describe-instances`), without flags or their values. */
function commandWords(args: string[]): string {
  const end = args.findIndex((a) => a.startsWith('-'));
  return args.slice(0, end < 0 ? args.length : end).slice(0, 4).join(' ');
}

export class CloudCliError extends BraintrustError {
  constructor(readonly tool: CloudTool, args: string[], run: CliRun, readonly login: boolean) {
    super(`\`${tool} ${commandWords(args)}\` failed: ${lastLine(run.stderr) || lastLine(run.stdout) || `exit ${run.exitCode}`}`, {
      code: login ? 'CLOUD_LOGIN' : 'CLOUD_CLI_FAILED',
      hint: login ? LOGIN_HINTS[tool] : undefined,
    });
  }
}

export class CloudCli {
  private readonly memo = new Map<string, Promise<CliRun>>();

  constructor(readonly tool: CloudTool, private readonly exec: RunCli) {}

  /** Run once per distinct argv; later callers get the same answer. */
  run(args: string[]): Promise<CliRun> {
    const key = JSON.stringify(args);
    let p = this.memo.get(key);
    if (!p) {
      p = this.exec(args);
      this.memo.set(key, p);
    }
    return p;
  }

  /** stdout parsed as JSON; a non-zero exit or unparsable output throws CloudCliError. */
  async json<T>(args: string[]): Promise<T> {
    const r = await this.run(args);
    if (r.exitCode !== 0) throw new CloudCliError(this.tool, args, r, isLoginError(r.stderr));
    try {
      return JSON.parse(r.stdout || 'null') as T;
    } catch {
      throw new CloudCliError(this.tool, args, { ...r, stderr: `output is not JSON: ${r.stdout.slice(0, 80)}` }, false);
    }
  }
}
