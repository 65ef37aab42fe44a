// `braintrust install`: metadata only (the handler is install.ts, loaded when the command runs).
import { defineCommand, flag, text, type OptionValues } from './registry.js';

const installOptions = {
  dryRun: flag('--dry-run', 'synthesize only: no terraform, no credentials, no network'),
  planOnly: flag('--plan-only', 'init + plan + summary, no apply (for CI pull requests)'),
  out: text('--out <dir>', 'where the synthesized stacks are written', 'braintrust.out'),
  allowUndersized: flag('--allow-undersized', 'apply even when production sizing checks fail (recorded in history)'),
  reinit: flag('--reinit', 'run terraform init even when providers, lock file and backend are unchanged'),
  outboundRateLimitMaxRequests: text('--outbound-rate-limit-max-requests <n>', 'OUTBOUND_RATE_LIMIT_MAX_REQUESTS (0 disables); saved to the config'),
  outboundRateLimitWindowMinutes: text('--outbound-rate-limit-window-minutes <m>', 'OUTBOUND_RATE_LIMIT_WINDOW_MINUTES (>= 1); saved to the config'),
  skipPreflight: flag('--skip-preflight', 'do not run `braintrust preflight` first (also BRAINTRUST_SKIP_PREFLIGHT=1; recorded in history)'),
};

export const installCommand = defineCommand({
  name: 'install',
  description: 'Synthesize the data plane and apply it with terraform (plan, confirm, apply)',
  options: installOptions,
  load: () => import('./install.js'),
});
export type InstallOptions = OptionValues<typeof installOptions>;
