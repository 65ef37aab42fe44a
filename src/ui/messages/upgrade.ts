// upgrade: the policy check, the plan of a release change, each step as it runs, the backup,
// the result document (the plan value with --json), and the AWS API runtime migration.
import { message } from '../message-def.js';
import type { PolicyReport } from '../../upgrade/policy.js';
import type { ReleaseSource } from '../../upgrade/live.js';
import type { UpgradePlan, UpgradeStep } from '../../upgrade/plan.js';
import type { ArtifactChange } from '../../upgrade/artifacts.js';
import type { StepResult } from '../../upgrade/apply.js';
import type { BackupRecord } from '../../upgrade/backup.js';
import type { HealthReport } from '../../upgrade/api-runtime-health.js';
import type { ChangeStatus } from '../../deploy/settings-change.js';
import type { DeploymentPlan } from '../../deploy/plan.js';

/** The upgrade policy as stated (src/upgrade/policy.ts UPGRADE_POLICY). */
export interface PolicyRule {
  recommendedDays: number;
  requiredDays: number;
  rule: string;
  source: string;
}

/** A policy verdict with where the release list came from. */
export interface PolicyData {
  report: PolicyReport;
  policy: PolicyRule;
  /** The manifest's source (file or URL). */
  manifest: string;
  releaseSource: ReleaseSource;
  /** The release list's own warnings (stale snapshot, offline). */
  warnings: string[];
  /** "same as terraform-aws-braintrust-data-plane v6.6.0" for the current and latest releases. */
  sameAs: { current: string | null; latest: string | null };
}

/** "live (…, as of 2026-11-26)" / "shipped snapshot (…, data as of 2026-08-22, 96 days old)". */
export function describeSource(s: ReleaseSource): string {
  const what = s.kind === 'live' ? 'live release list' : s.kind === 'snapshot' ? 'shipped snapshot' : '--manifest';
  const age = s.asOf ? `, data as of ${s.asOf}${s.ageDays ? `, ${s.ageDays} day${s.ageDays > 1 ? 's' : ''} old` : ''}` : '';
  return `${what} (${s.location}${age})`;
}

export function sourceJson(s: ReleaseSource) {
  return { kind: s.kind, location: s.location, asOf: s.asOf, ageDays: s.ageDays, stale: s.stale, ...(s.fallbackReason ? { fallbackReason: s.fallbackReason } : {}) };
}

/** The JSON of `upgrade --check` (and the `policy` of an up-to-date result). */
export function policyJson(d: PolicyData) {
  const r = d.report;
  return {
    ok: r.status !== 'fail',
    current: r.current,
    latest: r.latest,
    daysBehind: r.daysBehind,
    status: r.status,
    policy: { recommendedDays: d.policy.recommendedDays, requiredDays: d.policy.requiredDays, rule: d.policy.rule, source: d.policy.source },
    releasesBehind: r.releasesBehind,
    currentSource: r.currentSource,
    configVersion: r.configVersion,
    deployedVersion: r.deployedVersion,
    currentDate: r.currentDate,
    latestDate: r.latestDate,
    daysBehindAtLeast: r.daysBehindAtLeast,
    message: r.message,
    notes: r.notes,
    manifest: d.manifest,
    releaseSource: sourceJson(d.releaseSource),
    warnings: d.warnings,
    sameAs: d.sameAs,
  };
}

function planJson(plan: UpgradePlan) {
  return { kind: plan.kind, from: plan.from, to: plan.to, steps: plan.steps, skipped: plan.skipped, warnings: plan.warnings, manifest: plan.manifest };
}

const DONE: Record<UpgradePlan['kind'], string> = { upgrade: 'Upgraded to', rollback: 'Rolled back to', downgrade: 'Downgraded to', none: 'Already at' };

export interface UpgradeResultData {
  schemaVersion: number;
  /** dry-run, or the last step's status (applied, planned, not-confirmed, config-updated, compose-written). */
  status: string;
  complete: boolean;
  plan: UpgradePlan;
  /** The version the config holds afterwards. */
  version: string;
  backup: BackupRecord | null;
  results: StepResult[];
  releaseSource: ReleaseSource;
}

export interface StepStartData {
  /** "1/2" */
  label: string;
  from: string;
  step: UpgradeStep;
}

type Phase = 'phase-1' | 'phase-2' | 'rollback';
const PHASE_TITLE: Record<Phase, string> = {
  'phase-1': 'Phase 1/2: deploy the ECS API beside Lambda (traffic stays on Lambda)',
  'phase-2': 'Phase 2/2: point CloudFront at the ECS API (Lambda kept as standby)',
  rollback: 'Rollback: point CloudFront back at the Lambda API (ECS kept as standby)',
};

export interface ApiRuntimeResultData {
  from: string;
  to: string;
  status: string;
  phases: { phase: Phase; status: ChangeStatus; change: DeploymentPlan }[];
  health?: HealthReport;
}

export const upgradeMessages = {
  /** A warning about the release list itself (stale snapshot, offline, live list unreadable). */
  'upgrade.release-list-warning': message<{ warning: string }>({
    level: 'warn',
    human: ({ warning }) => warning,
  }),
  /** `upgrade --check`: the policy verdict (the JSON document, or the report on stdout). */
  'upgrade.check': message<PolicyData>({
    level: 'result',
    json: policyJson,
    human: (d, w) => {
      const r = d.report;
      const src = r.currentSource === 'history' ? `last applied${r.configVersion !== r.current ? `; config says ${r.configVersion}` : ''}` : 'from the config; no successful apply in history';
      const same = (s: string | null) => (s ? `; ${s}` : '');
      w.line(`Current: ${r.current} (${src})${r.currentDate ? `, released ${r.currentDate}` : ''}${same(d.sameAs.current)}`);
      w.line(`Latest:  ${r.latest}, released ${r.latestDate}${r.releasesBehind ? ` (${r.releasesBehind} newer release${r.releasesBehind > 1 ? 's' : ''})` : ''}${same(d.sameAs.latest)}`);
      w.line(`Source:  ${describeSource(d.releaseSource)}`);
      const paint = { ok: w.c.green, warn: w.c.yellow, fail: w.c.red }[r.status];
      w.line(`Status:  ${paint(r.status.toUpperCase())}: ${r.message}`);
      w.line(`Policy:  ${d.policy.rule} (${d.policy.source})`);
      for (const n of r.notes) w.line(`note: ${n}`);
      if (r.status !== 'ok') w.line(`Run: braintrust upgrade --dry-run, then braintrust upgrade`);
    },
  }),
  /** Nothing to do: the JSON document (the plan, kind none, with the policy); no stdout text. */
  'upgrade.up-to-date': message<{ schemaVersion: number; plan: UpgradePlan; policy: PolicyData }>({
    level: 'result',
    json: ({ schemaVersion, plan, policy }) => ({ ok: true, schemaVersion, status: 'up-to-date', ...planJson(plan), policy: policyJson(policy) }),
  }),
  'upgrade.already-at': message<{ version: string; latest: string }>({
    level: 'info',
    human: ({ version, latest }) => `Already at ${version}: nothing to upgrade.${version !== latest ? ` (latest is ${latest})` : ''}`,
  }),
  /** A warning of the plan (policy notes, data path, chart, irreversible steps crossed). */
  'upgrade.plan-warning': message<{ warning: string }>({
    level: 'warn',
    human: ({ warning }) => warning,
  }),
  /** The stops of the plan (stdout); with --json the plan is part of the result document. */
  'upgrade.plan': message<UpgradePlan>({
    level: 'result',
    json: false,
    human: (plan, w) => {
      const verb = plan.kind === 'upgrade' ? 'Upgrade' : plan.kind === 'rollback' ? 'Rollback' : 'Downgrade';
      w.line(`${verb} ${plan.from} -> ${plan.to} in ${plan.steps.length} step${plan.steps.length > 1 ? 's' : ''}: ` +
        plan.steps.map((s) => `${s.version}${s.reasons.filter((r) => r !== 'target').length ? ` (${s.reasons.filter((r) => r !== 'target').join(', ')})` : ''}`).join(', '));
      if (plan.skipped.length) w.line(`  passing over ${plan.skipped.length} release(s) without required steps: ${plan.skipped.join(', ')}`);
    },
  }),
  /** --no-apply on a plan of several stops: only the first is written. */
  'upgrade.no-apply-first-stop': message<{ version: string; to: string; remaining: number }>({
    level: 'warn',
    human: ({ version, to, remaining }) => `--no-apply: the config is set to ${version} only. Apply it, then re-run \`braintrust upgrade --to ${to}\` for the remaining ${remaining} stop(s).`,
  }),
  /** One stop starts: its title, its required steps and release notes. */
  'upgrade.step': message<StepStartData>({
    level: 'info',
    human: ({ label, from, step }, w) => {
      w.line(w.c.bold(`Step ${label}: ${from} -> ${step.version}${step.date ? ` (released ${step.date})` : ''}`));
      for (const s of step.requiredSteps) w.line(`  required step ${s.id}: ${s.description}${s.docsUrl ? ` (${s.docsUrl})` : ''}`);
      if (step.notesUrl) w.line(`  release notes: ${step.notesUrl}`);
    },
  }),
  /** The images and code packages a stop changes (stdout; in the result document with --json). */
  'upgrade.artifacts': message<ArtifactChange[]>({
    level: 'result',
    json: false,
    human: (changes, w) => {
      w.line(w.c.bold('Deployment changes (images, code packages):'));
      if (!changes.length) w.line('  (none found in the synthesized stack)');
      for (const a of changes) w.line(`  ${a.address}: ${a.before ?? '(none)'} -> ${a.after ?? '(none)'}`);
    },
  }),
  'upgrade.backup-skipped': message({
    level: 'warn',
    human: () => '--skip-backup: no database backup was confirmed or taken (recorded in history).',
  }),
  /** The result: the plan value with what ran (JSON document); people read the lines after it. */
  'upgrade.result': message<UpgradeResultData>({
    level: 'result',
    json: (d) => ({ ok: true, schemaVersion: d.schemaVersion, status: d.status, complete: d.complete, ...planJson(d.plan), version: d.version, backup: d.backup, results: d.results, releaseSource: sourceJson(d.releaseSource) }),
  }),
  'upgrade.dry-run-done': message<{ steps: number }>({
    level: 'info',
    human: ({ steps }) => `Dry run: ${steps} step(s) shown, nothing applied. Run without --dry-run to upgrade.`,
  }),
  'upgrade.done': message<{ kind: UpgradePlan['kind']; version: string }>({
    level: 'success',
    human: ({ kind, version }) => `${DONE[kind]} ${version}.`,
  }),

  // --api-runtime (src/upgrade/api-runtime.ts)
  'upgrade.api-runtime.phase': message<{ phase: Phase }>({
    level: 'info',
    human: ({ phase }, w) => w.c.bold(PHASE_TITLE[phase]),
  }),
  'upgrade.api-runtime.result': message<ApiRuntimeResultData>({
    level: 'result',
    json: ({ from, to, status, phases, health }) => ({ ok: true, action: 'api-runtime', from, to, status, phases, ...(health ? { health } : {}) }),
  }),
  'upgrade.api-runtime.already-lambda': message<{ ecsStandby: boolean }>({
    level: 'info',
    human: ({ ecsStandby }) => `Traffic is already on Lambda${ecsStandby ? ' (ECS kept as standby)' : ''}: nothing to do.`,
  }),
  'upgrade.api-runtime.no-lambda-standby': message({
    level: 'warn',
    human: () => 'No Lambda standby is deployed: this apply creates the Lambda API before moving traffic to it.',
  }),
  'upgrade.api-runtime.on-lambda': message({
    level: 'success',
    human: () => 'Traffic is back on Lambda; ECS stays deployed as standby (`braintrust upgrade --api-runtime ecs` moves it again).',
  }),
  'upgrade.api-runtime.already-ecs': message<{ lambdaStandby: boolean }>({
    level: 'info',
    human: ({ lambdaStandby }) => `Traffic is already on ECS${lambdaStandby ? '; Lambda is kept as standby for `braintrust upgrade --api-runtime lambda`. Remove api.standbyRuntime and run `braintrust install` to retire it' : ''}.`,
  }),
  'upgrade.api-runtime.dry-run-done': message({
    level: 'info',
    human: () => 'Dry run: both phases shown, nothing applied. Without --dry-run the ECS services are checked between them.',
  }),
  /** Phase 1 ended without an apply: written only (--no-apply) or not confirmed. */
  'upgrade.api-runtime.phase-1-stopped': message<{ status: ChangeStatus }>({
    level: 'info',
    human: ({ status }) => (status === 'config-updated'
      ? 'Phase 1 written to the config only (--no-apply). Apply it, then re-run `braintrust upgrade --api-runtime ecs` for the check and phase 2.'
      : 'Phase 1 not applied; traffic stays on Lambda.'),
  }),
  'upgrade.api-runtime.phase-1-found': message({
    level: 'info',
    human: () => 'Phase 1 is already applied (ECS standby): checking the services, then phase 2.',
  }),
  'upgrade.api-runtime.health-check': message({
    level: 'info',
    human: (_d, w) => w.c.bold('Checking the ECS services (AWS API; the ALB is internal)'),
  }),
  /** The last health report, one line per service. */
  'upgrade.api-runtime.health': message<HealthReport>({
    level: 'info',
    human: ({ lines }, w) => {
      for (const l of lines) w.line(`  ${l}`);
    },
  }),
  /** A poll found services not ready yet: their lines. */
  'upgrade.api-runtime.waiting': message<{ notReady: string[] }>({
    level: 'info',
    human: ({ notReady }) => `  waiting for the ECS services: ${notReady.join(' | ')}`,
  }),
  'upgrade.api-runtime.on-ecs': message({
    level: 'success',
    human: () => 'Traffic is on ECS. Lambda stays as standby: `braintrust upgrade --api-runtime lambda` moves traffic back in one apply.',
  }),
};
