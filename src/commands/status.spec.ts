// `braintrust status`: metadata only (the handler is status.ts).
import { defineCommand } from './registry.js';

export const statusCommand = defineCommand({
  name: 'status',
  description: 'Every service (desired vs running, version, health, restarts, age) and host utilisation (CPU, memory, cache disk, network)',
  load: () => import('./status.js'),
});
