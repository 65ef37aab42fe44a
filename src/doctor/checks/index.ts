// Every doctor check, in report order, and the --only/--skip selection (ids or group names).
import { usageError } from '../../ui/errors.js';
import { CHECK_GROUPS, type DoctorCheck } from '../types.js';
import { nodeCheck } from './node.js';
import { terraformCheck } from './terraform.js';
import { cloudCliCheck } from './cloud-cli.js';
import { clientsCheck } from './clients.js';
import { configCheck } from './config.js';
import { sizingCheck } from './sizing.js';
import { cloudAuthCheck } from './cloud-auth.js';
import { outputsCheck } from './outputs.js';
import { versionAgeCheck } from './version-age.js';
import { supportGrantsCheck } from './support-grants.js';
import { apiHealthCheck } from './api-health.js';
import { apiCorsCheck } from './api-cors.js';
import { apiTlsCheck } from './api-tls.js';
import { postgresCheck } from './postgres.js';
import { redisCheck } from './redis.js';
import { bucketCheck } from './bucket.js';
import { brainstoreCheck } from './brainstore.js';
import { logsCheck } from './logs.js';
import { gcpIngressCheck } from './gcp-ingress.js';

export const ALL_CHECKS: readonly DoctorCheck[] = [
  nodeCheck, terraformCheck, cloudCliCheck, clientsCheck, configCheck, sizingCheck, gcpIngressCheck,
  cloudAuthCheck, outputsCheck,
  versionAgeCheck, supportGrantsCheck,
  apiHealthCheck, apiCorsCheck, apiTlsCheck, postgresCheck, redisCheck, bucketCheck, brainstoreCheck,
  logsCheck,
];

function parseList(value: string | undefined, flag: string): string[] {
  if (value === undefined) return [];
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  const known = new Set<string>([...CHECK_GROUPS, ...ALL_CHECKS.map((c) => c.id)]);
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length || !names.length) {
    throw usageError(`${flag} ${JSON.stringify(value)}: unknown check${unknown.length > 1 ? 's' : ''} ${unknown.join(', ') || '(empty)'}`,
      `Use check ids or groups, comma-separated: ${[...CHECK_GROUPS, ...ALL_CHECKS.map((c) => c.id)].join(', ')}.`);
  }
  return names;
}

/** The checks --only and --skip leave, in report order. */
export function selectChecks(only: string | undefined, skipList: string | undefined, checks: readonly DoctorCheck[] = ALL_CHECKS): DoctorCheck[] {
  const onlyNames = parseList(only, '--only');
  const skipNames = parseList(skipList, '--skip');
  const matches = (c: DoctorCheck, names: string[]) => names.includes(c.id) || names.includes(c.group);
  return checks.filter((c) => (onlyNames.length === 0 || matches(c, onlyNames)) && !matches(c, skipNames));
}
