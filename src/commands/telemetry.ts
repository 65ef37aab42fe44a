// `braintrust telemetry status|enable|disable`: what the data plane sends to the Braintrust
// control plane (self-hosting overview, "Monitoring"): by default health checks, system
// metrics incl. indexing lag, and billing usage; logs and traces only when support asks.
// The API reads CONTROL_PLANE_TELEMETRY, Brainstore BRAINSTORE_CONTROL_PLANE_TELEMETRY.
import type { Handler } from '../context.js';
import { loadConfig } from '../config/load.js';
import { DEFAULT_TELEMETRY_TYPES, TELEMETRY_TYPES, type Config, type TelemetryType } from '../config/schema.js';
import { usageError } from '../ui/errors.js';
import { telemetryValue } from '../../stacks/common/api-env.js';
import { changeSettings } from '../deploy/settings-change.js';
import type { TelemetryDisableOptions, TelemetryEnableOptions } from './telemetry.spec.js';

/** The telemetry kinds, in CONTROL_PLANE_TELEMETRY order (source: self-hosting overview). */
export const TELEMETRY_KINDS = [
  { kind: 'status', what: 'Health check information', optIn: false },
  { kind: 'metrics', what: 'System metrics (CPU/memory) and Braintrust metrics such as indexing lag', optIn: false },
  { kind: 'usage', what: 'Billing usage telemetry (aggregate usage metrics)', optIn: false },
  { kind: 'memprof', what: 'Memory profiling and heap statistics (enable only when Braintrust support asks)', optIn: true },
  { kind: 'logs', what: 'Logs (enable only when Braintrust support asks, for troubleshooting)', optIn: true },
  { kind: 'traces', what: 'Traces (enable only when Braintrust support asks, for troubleshooting)', optIn: true },
] as const;

export function telemetryReport(config: Config) {
  const value = telemetryValue(config);
  const sent = new Set(value.split(',').filter(Boolean));
  return {
    enabled: config.telemetry.enabled,
    destination: config.urls.appUrl,
    kinds: TELEMETRY_KINDS.map((k) => ({ kind: k.kind, what: k.what, sent: sent.has(k.kind) })),
    env: { CONTROL_PLANE_TELEMETRY: value, BRAINSTORE_CONTROL_PLANE_TELEMETRY: value },
  };
}

export function describeTelemetry(config: Config): string {
  const v = telemetryValue(config);
  return v ? `telemetry on (${v})` : 'telemetry off';
}

export const status: Handler = async (ctx) => {
  const { config } = await loadConfig(ctx.globals.config);
  const r = telemetryReport(config);
  ctx.io.emit('telemetry.status', r);
  return 0;
};

/** `--types status,metrics`: known types only (exit 2 naming the allowed ones otherwise). */
export function parseTypes(flag: string): TelemetryType[] {
  const list = flag.split(',').map((t) => t.trim()).filter(Boolean);
  const bad = list.filter((t) => !(TELEMETRY_TYPES as readonly string[]).includes(t));
  if (bad.length) {
    throw usageError(
      `--types: unknown telemetry type ${bad.map((b) => JSON.stringify(b)).join(', ')}`,
      `Use a comma-separated list of: ${TELEMETRY_TYPES.join(', ')} (e.g. --types status,metrics,usage).`,
    );
  }
  return TELEMETRY_TYPES.filter((t) => list.includes(t));
}

type RawTelemetry = { enabled?: boolean; logs?: boolean; traces?: boolean; types?: TelemetryType[]; [k: string]: unknown };

/** The types a raw telemetry section sends when enabled: types (or the default) plus logs/traces. */
function currentTypes(t: RawTelemetry): Set<TelemetryType> {
  const set = new Set<TelemetryType>(t.types ?? DEFAULT_TELEMETRY_TYPES);
  if (t.logs) set.add('logs');
  if (t.traces) set.add('traces');
  return set;
}

/** Write `types` (in canonical order) and keep logs/traces in step with it. */
function withTypes(t: RawTelemetry, set: Set<TelemetryType>, enabled: boolean): RawTelemetry {
  return { ...t, enabled, types: TELEMETRY_TYPES.filter((k) => set.has(k)), logs: set.has('logs'), traces: set.has('traces') };
}

export const enable: Handler<TelemetryEnableOptions> = async (ctx, opts) => {
  const onOff = (v: 'on' | 'off' | undefined) => (v === undefined ? {} : { value: v === 'on' });
  const logs = onOff(opts.logs);
  const traces = onOff(opts.traces);
  const types = opts.types === undefined ? undefined : parseTypes(opts.types);
  const optIn = new Set([...(types ?? []), ...(['logs', 'traces', 'memprof'] as const).filter((k) => opts[k] === 'on')]);
  if (optIn.has('logs') || optIn.has('traces') || optIn.has('memprof')) {
    ctx.io.emit('telemetry.support-only-kinds');
  }
  return changeSettings(ctx, opts, {
    action: 'telemetry',
    summary: describeTelemetry,
    edit: (raw) => {
      const cur = (raw.telemetry ?? {}) as RawTelemetry;
      if (types === undefined && opts.memprof === undefined && cur.types === undefined) {
        // The older shape (enabled/logs/traces) stays as it is written.
        raw.telemetry = {
          ...cur,
          enabled: true,
          ...('value' in logs ? { logs: logs.value } : {}),
          ...('value' in traces ? { traces: traces.value } : {}),
        };
        return;
      }
      const set = types ? new Set(types) : currentTypes(cur);
      for (const k of ['logs', 'traces', 'memprof'] as const) {
        if (opts[k] === 'on') set.add(k);
        if (opts[k] === 'off') set.delete(k);
      }
      raw.telemetry = withTypes(cur, set, true);
    },
  });
};

export const disable: Handler<TelemetryDisableOptions> = async (ctx, opts) => {
  const types = opts.types === undefined ? undefined : parseTypes(opts.types);
  if (!types) ctx.io.emit('telemetry.disabling');
  return changeSettings(ctx, opts, {
    action: 'telemetry',
    summary: describeTelemetry,
    edit: (raw) => {
      const cur = (raw.telemetry ?? {}) as RawTelemetry;
      if (types) {
        const set = currentTypes(cur);
        for (const k of types) set.delete(k);
        raw.telemetry = withTypes(cur, set, cur.enabled ?? true);
        return;
      }
      // logs/traces (and opt-in types) are cleared too, so a later `enable` does not silently resume them.
      const next: RawTelemetry = { ...cur, enabled: false, logs: false, traces: false };
      if (cur.types) next.types = cur.types.filter((k) => !['logs', 'traces', 'memprof'].includes(k));
      raw.telemetry = next;
    },
  });
};

export const run = status;
