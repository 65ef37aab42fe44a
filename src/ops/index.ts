// Operations for a deployment's target: AWS, Kubernetes (GCP and Azure), or docker compose.
// The cloud CLI must be on PATH (exit 3 with the install hint otherwise); credentials come from
// its own login, nothing secret goes into any argv.
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Ctx } from '../context.js';
import { loadDeployment, type Deployment } from '../access/installed-deployment.js';
import { usageError } from '../ui/errors.js';
import { awsOperations } from './aws.js';
import { dockerOperations } from './docker.js';
import { kubernetesOperations } from './kubernetes.js';
import { requireOpsTool } from './tools.js';
import { SERVICES, type Operations, type ServiceName } from './types.js';

/** --follow poll interval on AWS, in ms (tests and very quiet deployments). */
export const POLL_ENV = 'BRAINTRUST_LOGS_POLL_MS';

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/** The compose file install wrote (default --out braintrust.out, beside the config or here). */
async function findComposeFile(ctx: OpsEnv, d: Deployment): Promise<string | undefined> {
  const name = d.config?.name ?? '';
  for (const base of [dirname(d.configPath), ctx.cwd]) {
    const file = join(base, 'braintrust.out', 'stacks', name, 'docker-compose.yml');
    if (await exists(file)) return file;
  }
  return undefined;
}

/** What loading needs from the command context (doctor passes its own). */
export type OpsEnv = Pick<Ctx, 'env' | 'cwd' | 'clock'>;

export async function loadOperations(ctx: OpsEnv, d: Deployment, why: string): Promise<Operations> {
  switch (d.cloud) {
    case 'aws': {
      const aws = await requireOpsTool('aws', ctx.env, why);
      const poll = Number(ctx.env[POLL_ENV]);
      return awsOperations(d, aws, ctx.env, { pollMs: poll > 0 ? poll : undefined, now: ctx.clock });
    }
    case 'gcp':
    case 'azure':
      return kubernetesOperations(d, await requireOpsTool('kubectl', ctx.env, why), ctx.env);
    case 'docker':
      return dockerOperations(d, await requireOpsTool('docker', ctx.env, why), ctx.env, { composeFile: await findComposeFile(ctx, d) });
    default:
      throw usageError('No deployment config found', 'Pass --config <path> to your braintrust.yaml.');
  }
}

/**
 * Config and outputs. Docker deployments have no outputs (compose files are the deployment,
 * nothing is applied with terraform); every cloud needs them (exit 3 before install).
 */
export async function loadOpsDeployment(ctx: Ctx): Promise<Deployment> {
  const d = await loadDeployment(ctx, { required: false });
  if (d.config?.cloud === 'docker') return d;
  return loadDeployment(ctx, { required: true });
}

/** A SERVICE argument or --service value, checked. */
export function parseService(value: string | undefined, what: string, allowAll: boolean): ServiceName[] {
  const v = (value ?? (allowAll ? 'all' : '')).trim();
  if (allowAll && v === 'all') return ['api', 'brainstore'];
  if ((SERVICES as readonly string[]).includes(v)) return [v as ServiceName];
  const allowed = [...SERVICES, ...(allowAll ? ['all'] : [])].join(', ');
  throw usageError(`${what} ${JSON.stringify(value ?? '')} is not a service`, `Use one of: ${allowed}.`);
}
