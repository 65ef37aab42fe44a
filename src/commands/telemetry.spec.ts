// `braintrust telemetry status|enable|disable`: metadata only (handlers in telemetry.ts).
import { choice, defineCommand, text, type GroupSpec, type OptionValues } from './registry.js';
import { changeOptions } from './common-options.js';

export const telemetryGroup: GroupSpec = { name: 'telemetry', description: 'Show or change what the data plane sends to the Braintrust control plane' };

const onOff = ['on', 'off'] as const;

export const telemetryStatusCommand = defineCommand({
  name: 'telemetry status',
  description: 'What is sent to the control plane, where, and the CONTROL_PLANE_TELEMETRY values',
  load: async () => ({ run: (await import('./telemetry.js')).status }),
});

const telemetryEnableOptions = {
  logs: choice('--logs <on|off>', 'also send logs (only when Braintrust support asks)', onOff),
  traces: choice('--traces <on|off>', 'also send traces (only when Braintrust support asks)', onOff),
  memprof: choice('--memprof <on|off>', 'also send memory profiles and heap statistics (only when Braintrust support asks)', onOff),
  types: text('--types <list>', 'exactly these types, comma-separated: status, metrics, usage, memprof, logs, traces (default status,metrics,usage)'),
  ...changeOptions,
};

export const telemetryEnableCommand = defineCommand({
  name: 'telemetry enable',
  description: 'Send health checks, metrics and usage (and logs/traces when support asks)',
  options: telemetryEnableOptions,
  load: async () => ({ run: (await import('./telemetry.js')).enable }),
});
export type TelemetryEnableOptions = OptionValues<typeof telemetryEnableOptions>;

const telemetryDisableOptions = {
  types: text('--types <list>', 'stop only these types, comma-separated (status, metrics, usage, memprof, logs, traces); the rest stay on'),
  ...changeOptions,
};

export const telemetryDisableCommand = defineCommand({
  name: 'telemetry disable',
  description: 'Stop sending telemetry to the control plane (or, with --types, only those types)',
  options: telemetryDisableOptions,
  load: async () => ({ run: (await import('./telemetry.js')).disable }),
});
export type TelemetryDisableOptions = OptionValues<typeof telemetryDisableOptions>;
