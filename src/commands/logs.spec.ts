// `braintrust logs`: metadata only (the handler is logs.ts).
import { choice, defineCommand, flag, text, type OptionValues } from './registry.js';
import { SERVICE_CHOICES } from './common-options.js';

const logsOptions = {
  service: choice('--service <service>', 'which service', [...SERVICE_CHOICES, 'all'], 'all'),
  since: text('--since <duration>', 'how far back: a duration (1h, 30m, 2d) or an ISO time (default 1h; 10m with --follow)'),
  follow: flag('--follow', 'keep printing new lines until Ctrl-C'),
  grep: text('--grep <text>', 'only lines containing this text (case-sensitive)'),
};

export const logsCommand = defineCommand({
  name: 'logs',
  description: 'API and Brainstore log lines merged in time order, with a service/instance prefix (secrets redacted)',
  options: logsOptions,
  load: () => import('./logs.js'),
});
export type LogsOptions = OptionValues<typeof logsOptions>;
