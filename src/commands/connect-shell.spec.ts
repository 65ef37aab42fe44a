// `braintrust connect shell`: metadata only (the handler is connect-shell.ts).
import { defineCommand, text, type OptionValues } from './registry.js';
import { SERVICE_CHOICES } from './common-options.js';

const connectShellOptions = {
  instance: text('--instance <id>', 'which instance, pod or container (default: the first running one)'),
  maxDuration: text('--max-duration <duration>', 'close the session after this long (e.g. 30m, 1h)', '1h'),
};

export const connectShellCommand = defineCommand({
  name: 'connect shell',
  description: 'An interactive shell on a Brainstore host or in a container (AWS: SSM session; Kubernetes: kubectl exec; docker: compose exec), audited',
  args: [{ name: 'service', description: SERVICE_CHOICES.join(', '), required: true }],
  options: connectShellOptions,
  load: () => import('./connect-shell.js'),
});
export type ConnectShellOptions = OptionValues<typeof connectShellOptions>;
