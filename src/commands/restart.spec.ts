// `braintrust restart`: metadata only (the handler is restart.ts).
import { defineCommand } from './registry.js';
import { SERVICE_CHOICES } from './common-options.js';

export const restartCommand = defineCommand({
  name: 'restart',
  description: 'Rolling restart of a service (ASG instance refresh, ECS deployment, kubectl rollout restart, docker compose restart); confirms, audited',
  args: [{ name: 'service', description: SERVICE_CHOICES.join(', '), required: true }],
  load: () => import('./restart.js'),
});
