// `braintrust allowlist`: metadata only (the handler is allowlist.ts).
import { defineCommand } from './registry.js';

export const allowlistCommand = defineCommand({
  name: 'allowlist',
  description: 'The URLs a firewall must allow for this deployment, and why',
  load: () => import('./allowlist.js'),
});
