// Human output of deployment plans and results (JSON runs print the plan value instead).
import { relative } from 'node:path';
import type { Output } from '../ui/output.js';
import { renderFindings } from '../ui/findings.js';
import { writer } from '../ui/io.js';
import { renderCost } from '../cost/render.js';
import type { CostEstimate } from '../cost/estimate.js';
import { formatEnvChange } from '../upgrade/diff.js';
import type { DeploymentPlan } from './plan.js';

/** The config diff (coloured) and the API environment before -> after. */
export function renderPlanChange(out: Output, plan: Pick<DeploymentPlan, 'configDiff' | 'env'>): void {
  const c = out.c;
  if (!plan.configDiff) return;
  out.print(c.bold('Config change:'));
  for (const line of plan.configDiff.trimEnd().split('\n')) {
    out.print(line.startsWith('+') && !line.startsWith('+++') ? c.green(line) : line.startsWith('-') && !line.startsWith('---') ? c.red(line) : line);
  }
  out.print(c.bold('API environment:'));
  if (!plan.env.length) out.print('  (no environment change)');
  for (const e of plan.env) out.print(`  ${formatEnvChange(e)}`);
}

export interface InstallSummary {
  status: string;
  stackDir: string;
  files: string[];
  resources: Record<string, number>;
  usedExample: boolean;
  cost?: CostEstimate;
}

/** After `install`: the compose files (docker), or the dry run's resources, findings and cost. */
export function renderInstallSummary(out: Output, cwd: string, plan: DeploymentPlan, r: InstallSummary): void {
  const total = Object.values(r.resources).reduce((a, b) => a + b, 0);
  if (plan.cloud === 'docker') {
    renderFindings(writer(out, 'result'), plan.findings);
    out.print();
    out.print(`Wrote ${r.files.map((f) => relative(cwd, f) || f).join(', ')} for ${plan.name} (single-host evaluation).`);
    out.print(`Start it with: cd ${relative(cwd, r.stackDir) || '.'} && docker compose up -d`);
    return;
  }
  if (r.status !== 'dry-run') return;
  // Code-point order, not localeCompare: loading ICU's collator costs ~50 ms of every dry run.
  const rows = Object.entries(r.resources).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([t, n]) => [t, String(n)]);
  if (rows.length) out.table(['resource type', 'count'], rows);
  out.print();
  renderFindings(writer(out, 'result'), plan.findings);
  out.print();
  if (r.cost) renderCost(out, r.cost, { brief: true });
  out.print(`Dry run: ${total} resources for ${plan.name} (${plan.cloud}, ${plan.tier}) written to ${relative(cwd, r.stackDir) || r.stackDir}`);
  out.print('Nothing was deployed. Run without --dry-run to plan and apply with terraform.');
}
