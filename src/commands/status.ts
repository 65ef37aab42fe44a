// braintrust status: one table of every service (desired vs running, version, health,
// restarts, age) and one of every host (CPU, memory, cache disk, network), from the target's
// own APIs (ASG + CloudWatch + Lambda; Deployments, pods and kubectl top; docker compose ps and
// docker stats). Warns on a cache disk over 85% or a version other than the config's.
import type { Handler } from '../context.js';
import { readHistory } from '../terraform/deployment-state.js';
import { loadOperations, loadOpsDeployment } from '../ops/index.js';
import type { StatusReport, StatusWarning } from '../ops/types.js';
import { expectedTag } from '../ops/values.js';

/** Brainstore's cache volume above this share is a warning (it evicts, then fails writes). */
export const CACHE_DISK_WARN_PERCENT = 85;

export function statusWarnings(report: StatusReport, configVersion: string, lastApplied?: string): StatusWarning[] {
  const warnings: StatusWarning[] = [];
  for (const h of report.hosts) {
    if (h.diskPercent !== undefined && h.diskPercent > CACHE_DISK_WARN_PERCENT) {
      warnings.push({ kind: 'cache-disk', service: h.service, instance: h.instance, percent: h.diskPercent, limit: CACHE_DISK_WARN_PERCENT });
    }
  }
  const want = expectedTag(configVersion);
  for (const s of report.services) {
    // Only image tags compare with the config (a Lambda version number or launch template does not).
    const other = s.versions.filter((v) => /^v?\d+\.\d+/.test(v) && expectedTag(v) !== want);
    if (other.length) warnings.push({ kind: 'version', service: s.service, running: other, want });
  }
  if (lastApplied && expectedTag(lastApplied) !== want) {
    warnings.push({ kind: 'last-apply', deployed: expectedTag(lastApplied), want });
  }
  return warnings;
}

export const run: Handler = async (ctx) => {
  const deployment = await loadOpsDeployment(ctx);
  const ops = await loadOperations(ctx, deployment, 'needed to read the service state and metrics');
  const report = await ops.metrics.status(ctx.signal);
  const history = await readHistory(deployment.configPath);
  const lastApplied = [...history].reverse().find((h) => h.result === 'success' && h.action !== 'destroy')?.version;
  const warnings = statusWarnings(report, deployment.config!.version, lastApplied);
  ctx.io.emit('ops.status', { target: ops.target, services: report.services, hosts: report.hosts, warnings, notes: report.notes, now: ctx.clock() });
  for (const note of report.notes) ctx.io.emit('ops.status.note', { note });
  for (const warning of warnings) ctx.io.emit('ops.status.warning', warning);
  return 0;
};
