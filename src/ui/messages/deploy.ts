// Deploying: install's summary (its --json document is the plan value plus the result), every
// settings change (the config diff and API environment, the outcome), the phases of a first
// install (PostgreSQL restart, certificate DNS records, Private Link approval), the preflight
// gate, and destroy.
import { relative } from 'node:path';
import { message, type HumanWriter } from '../message-def.js';
import type { DeploymentPlan } from '../../deploy/plan.js';
import type { DnsRecord, DnsRecordLine } from '../../deploy/ingress-dns.js';
import type { PlannedChange } from '../../terraform/events.js';
import type { CostEstimate } from '../../cost/estimate.js';
import type { Finding } from '../../sizing/check.js';
import type { PreflightReport } from '../../preflight/run.js';
import { formatEnvChange } from '../../upgrade/diff.js';
import { renderFindings } from '../findings.js';
import { renderPreflight } from './preflight.js';
import { renderCost } from './cost.js';

/** What install reports: the plan it ran, what the pipeline returned, and the cost of a dry run. */
export interface InstallResultData {
  deployment: DeploymentPlan;
  status: string;
  stackDir: string;
  files: string[];
  resources: Record<string, number>;
  findings: Finding[];
  plan?: { add: number; change: number; destroy: number; replaced: string[]; destroyed: string[]; changes: Pick<PlannedChange, 'address' | 'action'>[] };
  outputs?: Record<string, unknown>;
  /** AWS: the records for ingress.domain (certificate validation, endpoint). */
  dnsRecords: DnsRecord[];
  /** GCP and Azure: the `dns_records` output. */
  dnsRecordLines: DnsRecordLine[];
  usedExample: boolean;
  cost?: CostEstimate;
  /** The working directory: paths are shown relative to it. */
  cwd: string;
}

/** The DNS records table with what each is for, under an intro line. */
function renderDnsRecords(w: HumanWriter, list: readonly DnsRecord[], intro: string): void {
  if (!list.length) return;
  w.line();
  w.line(intro);
  w.table(['name', 'type', 'value', 'for'], list.map((r) => [r.name, r.type, r.value, r.purpose]));
  if (list.some((r) => r.purpose === 'endpoint' && r.type === 'CNAME')) {
    w.line('A zone apex (example.com itself) cannot be a CNAME: use your DNS provider\'s ALIAS/ANAME record, or a Route 53 alias record, to the same value.');
  }
}

/** GCP's and Azure's records: one `name type value` line each. */
function renderDnsRecordLines(w: HumanWriter, records: readonly DnsRecordLine[]): void {
  if (!records.length) return;
  w.line();
  w.line(`Create ${records.length === 1 ? 'this DNS record' : 'these DNS records'} so the API hostname reaches its HTTPS endpoint (a managed certificate is issued only once the name resolves or validates):`);
  for (const r of records) w.line(`  ${r.name} ${r.type} ${r.value}`);
}

/** After `install`: the compose files (docker), or the dry run's resources, findings and cost; after an apply, the API URL and DNS records. */
function renderInstall(d: InstallResultData, w: HumanWriter): void {
  const { deployment: plan, cwd } = d;
  const total = Object.values(d.resources).reduce((a, b) => a + b, 0);
  if (plan.cloud === 'docker') {
    renderFindings(w, plan.findings);
    w.line();
    w.line(`Wrote ${d.files.map((f) => relative(cwd, f) || f).join(', ')} for ${plan.name} (single-host evaluation).`);
    w.line(`Start it with: cd ${relative(cwd, d.stackDir) || '.'} && docker compose up -d`);
  } else if (d.status === 'dry-run') {
    // Code-point order, not localeCompare: loading ICU's collator costs ~50 ms of every dry run.
    const rows = Object.entries(d.resources).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([t, n]) => [t, String(n)]);
    if (rows.length) w.table(['resource type', 'count'], rows);
    w.line();
    renderFindings(w, plan.findings);
    w.line();
    if (d.cost) renderCost(w, d.cost, { brief: true });
    w.line(`Dry run: ${total} resources for ${plan.name} (${plan.cloud}, ${plan.tier}) written to ${relative(cwd, d.stackDir) || d.stackDir}`);
    w.line('Nothing was deployed. Run without --dry-run to plan and apply with terraform.');
  }
  if (d.status !== 'applied') return;
  if (d.outputs && typeof d.outputs.api_url === 'string') {
    w.line();
    w.line(`Data plane API URL: ${d.outputs.api_url}  (Braintrust: Settings > Data plane > API URL)`);
    renderDnsRecords(w, d.dnsRecords, 'DNS records for this endpoint (create any that do not exist yet; `braintrust doctor` checks the certificate and CORS once they resolve):');
  }
  renderDnsRecordLines(w, d.dnsRecordLines);
}

/** The document of a settings change: the plan value, the outcome and the stack. */
export type ChangeDocument = DeploymentPlan & {
  ok: true;
  status: string;
  stackDir?: string;
  plan?: { add: number; change: number; destroy: number };
};

export const deployMessages = {
  /** install: with --json the plan value plus what ran; otherwise the summary (dry run, docker, API URL, DNS records). */
  'install.result': message<InstallResultData>({
    level: 'result',
    json: (d) => ({
      ok: true,
      status: d.status,
      ...d.deployment,
      usedExample: d.usedExample,
      stackDir: d.stackDir,
      files: d.files,
      resources: d.resources,
      totalResources: Object.values(d.resources).reduce((a, b) => a + b, 0),
      findings: d.findings,
      ...(d.plan ? { plan: d.plan } : {}),
      ...(d.outputs ? { outputs: d.outputs } : {}),
      ...(d.outputs && d.dnsRecords.length ? { dnsRecords: d.dnsRecords } : {}),
      ...(d.cost ? { cost: d.cost } : {}),
    }),
    human: renderInstall,
  }),
  /** A dry run with no config file uses the shipped example. */
  'install.using-example': message<{ path: string; example: string }>({
    level: 'info',
    human: (d) => `No ${d.path} here: using the shipped example (${d.example}, AWS production). Run \`braintrust init\` to write your own.`,
  }),
  'install.resuming': message<{ done: string[] }>({
    level: 'info',
    human: (d) => `Resuming the first install after: ${d.done.join(', ')}`,
  }),
  'install.phase': message<{ index: number; count: number; title: string }>({
    level: 'info',
    human: (d) => `Phase ${d.index}/${d.count}: ${d.title}`,
  }),
  /** Azure: no az CLI to restart PostgreSQL (pg_cron); the install carries on. */
  'install.postgres-restart-manual': message<{ command: string }>({
    level: 'warn',
    human: (d) => `Restart PostgreSQL once so pg_cron loads. The az CLI is not on PATH; run: ${d.command}`,
  }),
  /** Azure public ingress: no az CLI to approve Front Door's Private Link connection. */
  'install.private-link-manual': message<{ command: string }>({
    level: 'warn',
    human: (d) => `Approve Front Door's Private Link connection to the API (until then Front Door answers 502). The az CLI is not on PATH; run: ${d.command}`,
  }),
  /** AWS managed certificate: the outputs lack the validation record; how to find it. */
  'install.validation-records-missing': message<{ output: string; region: string | undefined }>({
    level: 'warn',
    human: (d) => `The certificate's validation record is not in the outputs (${d.output}). Find it with: aws acm list-certificates --region ${d.region}, then aws acm describe-certificate --region ${d.region} --certificate-arn <arn> (DomainValidationOptions[].ResourceRecord).`,
  }),
  /** AWS managed certificate: the validation record(s) to create now (in the install's JSON document later). */
  'install.validation-records': message<{ domain: string; records: DnsRecord[] }>({
    level: 'result',
    json: false,
    human: (d, w) => renderDnsRecords(w, d.records, `Create this DNS record now in the zone of ${d.domain} (keep it: ACM renews the certificate with it):`),
  }),
  'install.certificate-wait': message<{ domain: string }>({
    level: 'info',
    human: (d) => `The next phase waits until ACM has validated the certificate (usually minutes after the record resolves; at most 2 h, then re-run \`braintrust install\`). The record pointing ${d.domain} at the endpoint is printed when the install finishes.`,
  }),

  /** A settings change: the config diff (coloured) and the API environment before -> after. */
  'deploy.plan-change': message<Pick<DeploymentPlan, 'configDiff' | 'env'>>({
    level: 'result',
    json: false,
    human: (plan, w) => {
      const c = w.c;
      if (!plan.configDiff) return;
      w.line(c.bold('Config change:'));
      for (const line of plan.configDiff.trimEnd().split('\n')) {
        w.line(line.startsWith('+') && !line.startsWith('+++') ? c.green(line) : line.startsWith('-') && !line.startsWith('---') ? c.red(line) : line);
      }
      w.line(c.bold('API environment:'));
      if (!plan.env.length) w.line('  (no environment change)');
      for (const e of plan.env) w.line(`  ${formatEnvChange(e)}`);
    },
  }),
  /** The value a settings command sets is already in the config. */
  'deploy.change-unchanged': message<{ config: string; summary: string }>({
    level: 'info',
    human: (d) => `No change: ${d.config} already has ${d.summary}. (To apply the config as it is, run \`braintrust install\`.)`,
  }),
  'deploy.change-start': message<{ summary: string }>({
    level: 'info',
    human: (d) => `Changing to ${d.summary}`,
  }),
  /** A settings command's --json document: the plan value and the outcome. */
  'deploy.change-result': message<ChangeDocument>({
    level: 'result',
  }),
  'deploy.change-not-applied': message<{ config: string }>({
    level: 'info',
    human: (d) => `${d.config} was not changed.`,
  }),
  /** --force-replace: one setting whose change replaces resources. */
  'deploy.force-replace': message<{ key: string; before: unknown; after: unknown; replaces: string }>({
    level: 'warn',
    human: (d) => `--force-replace: ${d.key}: ${JSON.stringify(d.before)} -> ${JSON.stringify(d.after)} replaces ${d.replaces}`,
  }),
  'deploy.dry-run-done': message<{ config: string; stackDir: string }>({
    level: 'info',
    human: (d) => `Dry run: nothing applied and ${d.config} unchanged; the stack is in ${d.stackDir}.`,
  }),
  /** --no-apply: the config file was written, nothing deployed. */
  'deploy.config-updated': message<{ config: string }>({
    level: 'success',
    human: (d) => `Updated ${d.config} (not applied: --no-apply). Apply it with \`braintrust install --yes\` or your CI pipeline.`,
  }),
  'deploy.compose-written': message<{ stackDir: string }>({
    level: 'success',
    human: (d) => `Wrote the compose files to ${d.stackDir}. Restart with: docker compose up -d (in that directory).`,
  }),

  /** The preflight gate of install and upgrade. */
  'deploy.preflight-skipped': message({
    level: 'info',
    human: () => 'Preflight skipped (--skip-preflight / BRAINTRUST_SKIP_PREFLIGHT=1); recorded in history.',
  }),
  'deploy.preflight-passed': message<{ checks: number }>({
    level: 'success',
    human: (d) => `Preflight passed (${d.checks} checks)`,
  }),
  /** The failing report, before the error (with --json the error document names the checks). */
  'deploy.preflight-failed': message<{ report: PreflightReport; durationMs: number }>({
    level: 'result',
    json: false,
    human: (d, w) => renderPreflight(w, d.report, d.durationMs),
  }),

  'destroy.delete-data': message({
    level: 'warn',
    human: () => '--delete-data: databases, caches and buckets will be deleted. This cannot be undone.',
  }),
  /** destroy's --json document: the plan value, the outcome and how many resources were destroyed. */
  'destroy.result': message<DeploymentPlan & { ok: true; status: string; destroyed: number }>({
    level: 'result',
  }),
};
