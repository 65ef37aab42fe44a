// `braintrust support bundle`: metadata only (the handler is support-bundle.ts).
import { defineCommand, text, type GroupSpec, type OptionValues } from './registry.js';
import { doctorOptions } from './common-options.js';

export const supportGroup: GroupSpec = {
  name: 'support',
  description: 'Material for Braintrust support (redacted support bundles)',
};

const supportBundleOptions = {
  out: text('--out <file>', 'where to write the bundle (default: braintrust-support-<name>-<time>.tar.gz)'),
  auditLines: text('--audit-lines <n>', 'how many of the most recent audit-log lines to include', '1000'),
  ...doctorOptions,
};

export const supportBundleCommand = defineCommand({
  name: 'support bundle',
  description: 'Write a redacted .tar.gz for Braintrust support: doctor report, config, versions, outputs, history, audit log',
  options: supportBundleOptions,
  load: () => import('./support-bundle.js'),
});
export type SupportBundleOptions = OptionValues<typeof supportBundleOptions>;
