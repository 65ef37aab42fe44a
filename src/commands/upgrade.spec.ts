// `braintrust upgrade`: metadata only (the handler is upgrade.ts).
import { defineCommand, flag, text, type OptionValues } from './registry.js';
import { changeOptions } from './common-options.js';

const upgradeOptions = {
  check: flag('--check', 'report current vs latest release and the policy status (exit 1 past the quarterly requirement)'),
  to: text('--to <version>', 'target release, e.g. v2.12.0, or latest (the default)'),
  rollback: flag('--rollback', 'go back to the previous successfully applied version (from history)'),
  allowDowngrade: flag('--allow-downgrade', 'allow going to an older release (refused otherwise, exit 2)'),
  skipBackup: flag('--skip-backup', 'do not confirm or take a database backup first (recorded in history)'),
  manifest: text('--manifest <path|url>', 'release manifest to read (default: the live list from GitHub, else the shipped snapshot templates/release-manifest.json)'),
  offline: flag('--offline', 'do not read the live release list; use the shipped snapshot (or --manifest)'),
  skipPreflight: flag('--skip-preflight', 'do not run `braintrust preflight` first (also BRAINTRUST_SKIP_PREFLIGHT=1; recorded in history)'),
  // AWS API runtime migration (src/upgrade/api-runtime.ts).
  apiRuntime: text('--api-runtime <ecs|lambda>', 'AWS: move the API to ECS Fargate in two phases (health-checked between), or back to Lambda in one apply'),
  healthTimeout: text('--health-timeout <seconds>', 'with --api-runtime ecs: how long to wait for the ECS services to be healthy (default 900; 0 checks once)'),
  ...changeOptions,
};

export const upgradeCommand = defineCommand({
  name: 'upgrade',
  description: 'Upgrade the data plane release (stops on releases with required steps); --check reports the upgrade policy status',
  options: upgradeOptions,
  load: () => import('./upgrade.js'),
});
export type UpgradeOptions = OptionValues<typeof upgradeOptions>;
