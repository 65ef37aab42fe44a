// `braintrust sizing check`: every row of the hardware requirement tables against the config.
// Exit 1 when a row fails; --json prints {"ok", "cloud", "tier", "findings"}.
import type { Handler } from '../context.js';
import type { Tier } from '../config/schema.js';
import { loadConfig } from '../config/load.js';
import { checkSizing, effectiveTier, type Finding } from '../sizing/check.js';
import { countFindings, hasFailures } from '../sizing/findings.js';
import type { Output } from '../ui/output.js';
import { ExitCode } from '../ui/errors.js';
import { groupThousands } from '../sizing/number-format.js';
import type { SizingCheckOptions } from './sizing.spec.js';

export const run: Handler<SizingCheckOptions> = async (ctx, opts) => {
  const { config } = await loadConfig(ctx.globals.config);
  const tier = effectiveTier(config, opts.tier);
  // Say so whether production came from --tier or from the config's own `tier:`.
  const asked = opts.tier ?? config.tier;
  if (config.cloud === 'docker' && asked === 'production') {
    ctx.out.warn(`docker deployments are checked against the testing tier, not ${opts.tier ? '--tier production' : 'the config\'s tier: production'} (production needs aws, gcp or azure)`);
  }
  const findings = checkSizing(config, { tier });
  const ok = !hasFailures(findings);
  ctx.out.result({ ok, cloud: config.cloud, tier, findings });
  if (!ctx.globals.json) {
    ctx.out.print(`Sizing of ${config.name} (${config.cloud}, ${tier} tier):`);
    renderFindings(ctx.out, findings);
  }
  return ok ? ExitCode.ok : ExitCode.failed;
};

/** The findings table (component, check, required, actual, status, fix) and a summary line. */
export function renderFindings(out: Output, findings: readonly Finding[]): void {
  out.table(
    ['component', 'check', 'required', 'actual', 'status', 'fix'],
    findings.map((f) => [f.component, f.check, formatRequired(f), formatActual(f), out.status(f.status), f.hint]),
  );
  out.print(summarizeFindings(findings));
}

export function summarizeFindings(findings: readonly Finding[]): string {
  const n = countFindings(findings);
  const verdict = n.fail ? 'sizing check failed' : n.warn ? 'sizing check passed with warnings' : 'sizing check passed';
  return `${verdict}: ${n.pass} pass, ${n.warn} warn, ${n.fail} fail`;
}

function withUnit(v: number, unit?: string): string {
  if (!unit) return groupThousands(v);
  return unit === '%' ? `${v}%` : `${groupThousands(v)} ${unit}`;
}

function formatRequired(f: Finding): string {
  if (f.required === null) return '-';
  if (typeof f.required === 'number') return `${groupThousands(f.required)}+${f.unit ? ` ${f.unit}` : ''}`;
  return String(f.required);
}

function formatActual(f: Finding): string {
  const value = f.actual === null ? '-' : typeof f.actual === 'number' ? withUnit(f.actual, f.unit) : String(f.actual);
  return f.instanceType && f.actual !== null ? `${value} (${f.instanceType})` : value;
}
