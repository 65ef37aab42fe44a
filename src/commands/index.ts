// The command list: metadata only. Handlers are import()ed when their command runs.
// Each issue adds its own entries; --help lists only commands that really work.
import type { CommandSpec, GroupSpec, OptionSpec } from './registry.js';
import { connectCommands, connectGroup } from './connect-specs.js';
import { doctorCommands, supportGroup } from './doctor-specs.js';
import { opsCommands } from './ops-specs.js';

export const groups: GroupSpec[] = [
  { name: 'sizing', description: 'Check hardware sizing against the product requirement tables' },
  connectGroup,
  { name: 'support-access', description: 'Time-boxed remote access for the Braintrust support team' },
  supportGroup,
  { name: 'telemetry', description: 'Show or change what the data plane sends to the Braintrust control plane' },
  { name: 'rate-limit', description: 'Show or change the API outbound rate limit (OUTBOUND_RATE_LIMIT_*)' },
  { name: 'url', description: 'Show or change BRAINTRUST_APP_URL / BRAINTRUST_APP_PUBLIC_URL' },
  { name: 'config', description: 'Read, change and explain any braintrust.yaml setting by its dotted key' },
];

/** Day-2 changes: edit braintrust.yaml, show the diff, and run the install pipeline. */
const changeOptions: OptionSpec[] = [
  { flags: '--dry-run', description: 'show the config and API environment diff and synthesize; apply nothing' },
  { flags: '--no-apply', description: 'edit braintrust.yaml only (a CI pipeline applies it later)' },
  { flags: '--out <dir>', description: 'where the synthesized stacks are written', default: 'braintrust.out' },
  { flags: '--allow-undersized', description: 'apply even when production sizing checks fail (recorded in history)' },
  { flags: '--force-replace', description: 'allow changing a setting that replaces resources of an existing deployment (asks again)' },
  { flags: '--reinit', description: 'run terraform init even when providers, lock file and backend are unchanged' },
];
const onOff = ['on', 'off'];

export const commands: CommandSpec[] = [
  {
    name: 'init',
    description: 'Create braintrust.yaml with defaults that pass sizing for the chosen cloud and tier',
    options: [
      { flags: '--cloud <cloud>', description: 'aws, gcp, azure or docker', choices: ['aws', 'gcp', 'azure', 'docker'] },
      { flags: '--region <region>', description: 'cloud region, e.g. us-east-1, us-central1, eastus' },
      { flags: '--tier <tier>', description: 'testing or production', choices: ['testing', 'production'] },
      { flags: '--name <name>', description: 'deployment name (prefixes every resource)' },
      { flags: '--org <org>', description: 'Braintrust organization name' },
      { flags: '--primary-org <name>', description: 'security.primaryOrgName: the org that manages service tokens (required with --org "*")' },
      { flags: '--force', description: 'overwrite an existing config file' },
    ],
    load: () => import('./init.js'),
  },
  {
    name: 'install',
    description: 'Synthesize the data plane and apply it with terraform (plan, confirm, apply)',
    options: [
      { flags: '--dry-run', description: 'synthesize only: no terraform, no credentials, no network' },
      { flags: '--plan-only', description: 'init + plan + summary, no apply (for CI pull requests)' },
      { flags: '--out <dir>', description: 'where the synthesized stacks are written', default: 'braintrust.out' },
      { flags: '--allow-undersized', description: 'apply even when production sizing checks fail (recorded in history)' },
      { flags: '--reinit', description: 'run terraform init even when providers, lock file and backend are unchanged' },
      { flags: '--outbound-rate-limit-max-requests <n>', description: 'OUTBOUND_RATE_LIMIT_MAX_REQUESTS (0 disables); saved to the config' },
      { flags: '--outbound-rate-limit-window-minutes <m>', description: 'OUTBOUND_RATE_LIMIT_WINDOW_MINUTES (>= 1); saved to the config' },
      { flags: '--skip-preflight', description: 'do not run `braintrust preflight` first (also BRAINTRUST_SKIP_PREFLIGHT=1; recorded in history)' },
    ],
    load: () => import('./install.js'),
  },
  {
    name: 'destroy',
    description: 'Destroy the data plane (typed confirmation; data stores need --delete-data)',
    options: [
      { flags: '--delete-data', description: 'also delete databases, caches and buckets (irreversible)' },
      { flags: '--out <dir>', description: 'where the synthesized stacks are written', default: 'braintrust.out' },
    ],
    load: () => import('./destroy.js'),
  },
  {
    name: 'sizing check',
    description: 'Check the config against every row of the hardware requirement tables',
    options: [{ flags: '--tier <tier>', description: 'check against this tier instead of the config\'s', choices: ['testing', 'production'] }],
    load: () => import('./sizing.js'),
  },
  ...connectCommands,
  ...opsCommands,
  {
    name: 'support-access grant',
    description: 'Give Braintrust support time-boxed access (config -> synth -> apply)',
    options: [
      { flags: '--duration <duration>', description: 'how long, e.g. 8h, 2d (at most 7d)', default: '8h' },
      { flags: '--reason <text>', description: 'why (recorded in the config and history)' },
      { flags: '--principal <id>', description: 'who: AWS account/role ARN, GCP member, or Azure Entra object id (required on Azure)' },
      ...changeOptions,
    ],
    load: () => import('./support-access.js').then((m) => ({ run: m.grant })),
  },
  {
    name: 'support-access revoke',
    description: 'Remove support access (all grants, or one --principal) and apply',
    options: [{ flags: '--principal <id>', description: 'revoke only this principal' }, ...changeOptions],
    load: () => import('./support-access.js').then((m) => ({ run: m.revoke })),
  },
  {
    name: 'support-access status',
    description: 'Who can get in, and until when',
    load: () => import('./support-access.js').then((m) => ({ run: m.status })),
  },
  ...doctorCommands,
  {
    name: 'upgrade',
    description: 'Upgrade the data plane release (stops on releases with required steps); --check reports the upgrade policy status',
    options: [
      { flags: '--check', description: 'report current vs latest release and the policy status (exit 1 past the quarterly requirement)' },
      { flags: '--to <version>', description: 'target release, e.g. v2.12.0, or latest (the default)' },
      { flags: '--rollback', description: 'go back to the previous successfully applied version (from history)' },
      { flags: '--allow-downgrade', description: 'allow going to an older release (refused otherwise, exit 2)' },
      { flags: '--skip-backup', description: 'do not confirm or take a database backup first (recorded in history)' },
      { flags: '--manifest <path|url>', description: 'release manifest to read (default: the live list from GitHub, else the shipped snapshot templates/release-manifest.json)' },
      { flags: '--offline', description: 'do not read the live release list; use the shipped snapshot (or --manifest)' },
      { flags: '--skip-preflight', description: 'do not run `braintrust preflight` first (also BRAINTRUST_SKIP_PREFLIGHT=1; recorded in history)' },
      // AWS API runtime migration (src/upgrade/api-runtime.ts).
      { flags: '--api-runtime <ecs|lambda>', description: 'AWS: move the API to ECS Fargate in two phases (health-checked between), or back to Lambda in one apply' },
      { flags: '--health-timeout <seconds>', description: 'with --api-runtime ecs: how long to wait for the ECS services to be healthy (default 900; 0 checks once)' },
      ...changeOptions,
    ],
    load: () => import('./upgrade.js'),
  },
  {
    name: 'telemetry status',
    description: 'What is sent to the control plane, where, and the CONTROL_PLANE_TELEMETRY values',
    load: () => import('./telemetry.js').then((m) => ({ run: m.status })),
  },
  {
    name: 'telemetry enable',
    description: 'Send health checks, metrics and usage (and logs/traces when support asks)',
    options: [
      { flags: '--logs <on|off>', description: 'also send logs (only when Braintrust support asks)', choices: onOff },
      { flags: '--traces <on|off>', description: 'also send traces (only when Braintrust support asks)', choices: onOff },
      { flags: '--memprof <on|off>', description: 'also send memory profiles and heap statistics (only when Braintrust support asks)', choices: onOff },
      { flags: '--types <list>', description: 'exactly these types, comma-separated: status, metrics, usage, memprof, logs, traces (default status,metrics,usage)' },
      ...changeOptions,
    ],
    load: () => import('./telemetry.js').then((m) => ({ run: m.enable })),
  },
  {
    name: 'telemetry disable',
    description: 'Stop sending telemetry to the control plane (or, with --types, only those types)',
    options: [
      { flags: '--types <list>', description: 'stop only these types, comma-separated (status, metrics, usage, memprof, logs, traces); the rest stay on' },
      ...changeOptions,
    ],
    load: () => import('./telemetry.js').then((m) => ({ run: m.disable })),
  },
  {
    name: 'rate-limit show',
    description: 'The outbound rate limit and its environment variables',
    load: () => import('./rate-limit.js').then((m) => ({ run: m.show })),
  },
  {
    name: 'rate-limit set',
    description: 'Set OUTBOUND_RATE_LIMIT_MAX_REQUESTS / _WINDOW_MINUTES',
    options: [
      { flags: '--max-requests <n>', description: 'requests per window per user token (integer >= 0; 0 disables)' },
      { flags: '--window-minutes <m>', description: 'window length in minutes (integer >= 1)' },
      ...changeOptions,
    ],
    load: () => import('./rate-limit.js').then((m) => ({ run: m.set })),
  },
  {
    name: 'rate-limit disable',
    description: 'Turn the outbound rate limit off (max requests 0)',
    options: changeOptions,
    load: () => import('./rate-limit.js').then((m) => ({ run: m.disable })),
  },
  {
    name: 'url show',
    description: 'The control plane, public and data plane URLs and the SDK mode',
    load: () => import('./url.js').then((m) => ({ run: m.show })),
  },
  {
    name: 'url set',
    description: 'Set the app URL, the public URL, or constrain SDKs to the data plane',
    options: [
      { flags: '--app-url <url>', description: 'control plane URL (BRAINTRUST_APP_URL)' },
      { flags: '--public-url <url>', description: 'web app URL shown to users (BRAINTRUST_APP_PUBLIC_URL); "" for none, "default" to follow the app URL' },
      { flags: '--proxy-control-plane', description: 'SDKs talk only to the data plane (BRAINTRUST_APP_URL = the data plane URL)' },
      { flags: '--no-proxy-control-plane', description: 'SDKs talk to the control plane directly' },
      ...changeOptions,
    ],
    load: () => import('./url.js').then((m) => ({ run: m.set })),
  },
  {
    name: 'config get',
    description: 'Print a setting (with its default applied), e.g. `config get rateLimit.maxRequests`',
    args: [{ name: 'key', description: 'dotted key, e.g. telemetry.enabled', required: true }],
    load: () => import('./config.js').then((m) => ({ run: m.get })),
  },
  {
    name: 'config set',
    description: 'Change a setting, validated by the schema, then diff and apply like every day-2 change',
    args: [{ name: 'key', description: 'dotted key', required: true }, { name: 'value', description: 'new value (lists and maps as YAML/JSON)', required: true }],
    options: changeOptions,
    load: () => import('./config.js').then((m) => ({ run: m.set })),
  },
  {
    name: 'config unset',
    description: 'Remove a setting from braintrust.yaml (its default applies), then diff and apply',
    args: [{ name: 'key', description: 'dotted key', required: true }],
    options: changeOptions,
    load: () => import('./config.js').then((m) => ({ run: m.unset })),
  },
  {
    name: 'config list',
    description: 'Every setting with its value and whether it comes from the config or a default',
    load: () => import('./config.js').then((m) => ({ run: m.list })),
  },
  {
    name: 'config explain',
    description: 'What a setting does, its type, default, what it sets on this target, and its docs page',
    args: [{ name: 'key', description: 'dotted key', required: true }],
    load: () => import('./config.js').then((m) => ({ run: m.explain })),
  },
  {
    name: 'preflight',
    description: 'Before install: identity, instance types per zone, quotas, permissions and the state backend (exit 1 on a failure, 3 without the cloud CLI)',
    options: [{ flags: '--timeout <seconds>', description: 'time limit per check', default: '60' }],
    load: () => import('./preflight.js'),
  },
  {
    name: 'drift',
    description: 'Resources changed outside braintrust (terraform plan -refresh-only), and config changes not yet applied (exit 1 on drift)',
    options: [{ flags: '--out <dir>', description: 'where the synthesized stacks are written', default: 'braintrust.out' }],
    load: () => import('./drift.js'),
  },
  {
    name: 'cost',
    description: 'Monthly on-demand estimate per component from the shipped price tables (no network)',
    options: [{ flags: '--tier <tier>', description: 'estimate the shipped defaults of this tier instead of the config\'s sizes', choices: ['testing', 'production'] }],
    load: () => import('./cost.js'),
  },
  {
    name: 'allowlist',
    description: 'The URLs a firewall must allow for this deployment, and why',
    load: () => import('./allowlist.js'),
  },
];
