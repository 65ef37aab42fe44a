// `braintrust sizing check`: every row of the hardware requirement tables against the config.
// Exit 1 when a row fails; --json prints {"ok", "cloud", "tier", "findings"}.
import type { Handler } from '../context.js';
import { loadConfig } from '../config/load.js';
import { checkSizing, effectiveTier } from '../sizing/check.js';
import { hasFailures } from '../sizing/findings.js';
import { ExitCode } from '../ui/errors.js';
import type { SizingCheckOptions } from './sizing.spec.js';

export const run: Handler<SizingCheckOptions> = async (ctx, opts) => {
  const { config } = await loadConfig(ctx.globals.config);
  const tier = effectiveTier(config, opts.tier);
  // Say so whether production came from --tier or from the config's own `tier:`.
  const asked = opts.tier ?? config.tier;
  if (config.cloud === 'docker' && asked === 'production') {
    ctx.io.emit('sizing.docker-production', { fromFlag: Boolean(opts.tier) });
  }
  const findings = checkSizing(config, { tier });
  const ok = !hasFailures(findings);
  ctx.io.emit('sizing.check', { ok, name: config.name, cloud: config.cloud, tier, findings });
  return ok ? ExitCode.ok : ExitCode.failed;
};
