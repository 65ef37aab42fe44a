// Generated database and Redis credentials live in the cloud's secret store; they are fetched
// through the cloud CLI only when a session needs them, and never printed or logged.
import type { Cloud } from '../config/schema.js';
import { requireTool, runTool, type ToolName } from './tools.js';
import { childEnv } from './child-env.js';
import { BraintrustError } from '../ui/errors.js';

export interface SecretRequest {
  cloud: Cloud;
  /** ARN (AWS), secret id or resource name (GCP), Key Vault secret id URL (Azure). */
  ref: string;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  region?: string;
  profile?: string;
}

export function secretCommand(r: SecretRequest): { tool: ToolName; args: string[] } {
  switch (r.cloud) {
    case 'aws':
      return {
        tool: 'aws',
        args: [
          'secretsmanager', 'get-secret-value', '--secret-id', r.ref, '--query', 'SecretString', '--output', 'text',
          ...(r.region ? ['--region', r.region] : []),
          ...(r.profile ? ['--profile', r.profile] : []),
        ],
      };
    case 'gcp':
      // A full resource name (projects/P/secrets/S) works as the id too.
      return { tool: 'gcloud', args: ['secrets', 'versions', 'access', 'latest', `--secret=${r.ref}`] };
    case 'azure':
      return { tool: 'az', args: ['keyvault', 'secret', 'show', '--id', r.ref, '--query', 'value', '-o', 'tsv'] };
    default:
      throw new BraintrustError(`No secret store for cloud ${r.cloud}`, {
        code: 'SECRET_STORE_UNSUPPORTED',
        hint: 'Pass the password through the environment: --password-env VAR.',
      });
  }
}

/** The secret's value. The CLI's stderr is shown on failure; its stdout (the secret) never is. */
export async function fetchSecret(r: SecretRequest): Promise<string> {
  const { tool, args } = secretCommand(r);
  const file = await requireTool(tool, r.env, 'needed to read the generated credentials from the secret store');
  const res = await runTool(file, args, { env: childEnv(tool as 'aws' | 'gcloud' | 'az', r.env), signal: r.signal, timeoutMs: 60_000 });
  if (res.exitCode !== 0) {
    throw new BraintrustError(`Could not read secret ${r.ref} with ${tool}`, {
      code: 'SECRET_UNAVAILABLE',
      hint: `Log in with ${tool} (credentials with read access to the secret), or pass the password with --password-env VAR.`,
      details: res.stderr.trim().split('\n').slice(-5),
    });
  }
  return res.stdout.replace(/\r?\n$/, '');
}

export interface Credentials {
  username?: string;
  password?: string;
  database?: string;
}

/**
 * Secrets are either a bare password or JSON (RDS-managed: {username, password, dbname};
 * ElastiCache auth: {auth_token} or {password}).
 */
export function parseCredentials(value: string): Credentials {
  const trimmed = value.trim();
  if (trimmed.startsWith('{')) {
    try {
      const o = JSON.parse(trimmed) as Record<string, unknown>;
      const str = (k: string) => (typeof o[k] === 'string' && o[k] !== '' ? (o[k] as string) : undefined);
      return {
        username: str('username') ?? str('user'),
        password: str('password') ?? str('auth_token') ?? str('authToken'),
        database: str('dbname') ?? str('database'),
      };
    } catch {
      // not JSON after all: the whole value is the password
    }
  }
  return { password: value };
}
