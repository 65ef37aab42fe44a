// `braintrust telemetry status|enable|disable`: what the data plane sends to the Braintrust
// control plane (self-hosting overview, "Monitoring"): by default health checks, system
// metrics incl. indexing lag, and billing usage; logs and traces only when support asks.
// The API reads CONTROL_PLANE_TELEMETRY, Brainstore BRAINSTORE_CONTROL_PLANE_TELEMETRY.
import type { Handler } from '../context.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { telemetryValue } from '../../stacks/common/api-env.js';
import { changeSettings, type ChangeFlags } from './settings-change.js';

/** The telemetry kinds, in CONTROL_PLANE_TELEMETRY order (source: self-hosting overview). */
export const TELEMETRY_KINDS = [
  { kind: 'status', what: 'Health check information', optIn: false },
  { kind: 'metrics', what: 'System metrics (CPU/memory) and Braintrust metrics such as indexing lag', optIn: false },
  { kind: 'usage', what: 'Billing usage telemetry (aggregate usage metrics)', optIn: false },
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
  ctx.out.result({ ok: true, ...r });
  if (ctx.globals.json) return 0;
  ctx.out.print(r.enabled ? `Telemetry is on: sent to the Braintrust control plane at ${r.destination}` : 'Telemetry is off: nothing is sent to the control plane.');
  ctx.out.table(['kind', 'sent', 'what'], r.kinds.map((k) => [k.kind, k.sent ? 'yes' : 'no', k.what]));
  ctx.out.print('Environment:');
  for (const [k, v] of Object.entries(r.env)) ctx.out.print(`  ${k}=${JSON.stringify(v)}`);
  if (r.enabled) ctx.out.print('Braintrust uses this to watch health indicators and catch problems before they cause downtime.');
  return 0;
};

interface EnableOptions extends ChangeFlags {
  logs?: 'on' | 'off';
  traces?: 'on' | 'off';
}

export const enable: Handler<EnableOptions> = async (ctx, opts) => {
  const onOff = (v: 'on' | 'off' | undefined) => (v === undefined ? {} : { value: v === 'on' });
  const logs = onOff(opts.logs);
  const traces = onOff(opts.traces);
  if (opts.logs === 'on' || opts.traces === 'on') {
    ctx.out.warn('Logs and traces go to the Braintrust control plane: enable them only when Braintrust support asks, and turn them off afterwards.');
  }
  return changeSettings(ctx, opts, {
    action: 'telemetry',
    summary: describeTelemetry,
    edit: (raw) => {
      raw.telemetry = {
        ...raw.telemetry,
        enabled: true,
        ...('value' in logs ? { logs: logs.value } : {}),
        ...('value' in traces ? { traces: traces.value } : {}),
      };
    },
  });
};

export const disable: Handler<ChangeFlags> = async (ctx, opts) => {
  ctx.out.warn('With telemetry off Braintrust cannot see health checks, indexing lag or usage, so it cannot spot issues before they cause downtime.');
  return changeSettings(ctx, opts, {
    action: 'telemetry',
    summary: describeTelemetry,
    // logs/traces are cleared too, so a later `enable` does not silently resume them.
    edit: (raw) => { raw.telemetry = { enabled: false, logs: false, traces: false }; },
  });
};

export const run = status;
