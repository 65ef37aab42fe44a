// The container half of operations: logs, status, restart and connect shell (metadata only;
// registered in index.ts, handlers load on use).
import type { CommandSpec } from './registry.js';

const serviceChoices = ['api', 'brainstore', 'brainstore-reader', 'brainstore-writer'];

export const opsCommands: CommandSpec[] = [
  {
    name: 'connect shell',
    description: 'An interactive shell on a Brainstore host or in a container (AWS: SSM session; Kubernetes: kubectl exec; docker: compose exec), audited',
    args: [{ name: 'service', description: serviceChoices.join(', '), required: true }],
    options: [
      { flags: '--instance <id>', description: 'which instance, pod or container (default: the first running one)' },
      { flags: '--max-duration <duration>', description: 'close the session after this long (e.g. 30m, 1h)', default: '1h' },
    ],
    load: () => import('./connect-shell.js'),
  },
  {
    name: 'logs',
    description: 'API and Brainstore log lines merged in time order, with a service/instance prefix (secrets redacted)',
    options: [
      { flags: '--service <service>', description: 'which service', choices: [...serviceChoices, 'all'], default: 'all' },
      { flags: '--since <duration>', description: 'how far back: a duration (1h, 30m, 2d) or an ISO time (default 1h; 10m with --follow)' },
      { flags: '--follow', description: 'keep printing new lines until Ctrl-C' },
      { flags: '--grep <text>', description: 'only lines containing this text (case-sensitive)' },
    ],
    load: () => import('./logs.js'),
  },
  {
    name: 'status',
    description: 'Every service (desired vs running, version, health, restarts, age) and host utilisation (CPU, memory, cache disk, network)',
    load: () => import('./status.js'),
  },
  {
    name: 'restart',
    description: 'Rolling restart of a service (ASG instance refresh, ECS deployment, kubectl rollout restart, docker compose restart); confirms, audited',
    args: [{ name: 'service', description: serviceChoices.join(', '), required: true }],
    load: () => import('./restart.js'),
  },
];
