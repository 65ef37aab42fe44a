// The API rows of the seed tables (CPU, memory, instance count) checked against each ECS
// service's task size and minimum task count, failing as a Kubernetes node or pod would.
// Each of the three services (api, ingest, background) serves a share of the API's traffic
// on its own tasks, so each is held to the rows on its own.
import { ECS_SERVICES, ecsSettings } from '../config/api-runtime.js';
import type { CheckContext } from './check-context.js';
import { atLeast, type Finding } from './findings.js';
import { minimum } from './requirements.js';

export function checkApiEcs(ctx: CheckContext): Finding[] {
  const { tier } = ctx;
  const settings = ecsSettings(ctx.config);
  const cpu = minimum('api', 'cpu', tier);
  const memGiB = minimum('api', 'memory', tier);
  const count = minimum('api', 'instance-count', tier);
  return ECS_SERVICES.flatMap((svc) => {
    const s = settings[svc];
    const field = `api.ecs.${svc}`;
    return [
      atLeast('api', `ecs.${svc}.cpu`, cpu, s.cpu, `set ${field}.cpu to ${cpu} or more (vCPUs per Fargate task)`, { unit: 'vCPU', field: `${field}.cpu` }),
      atLeast('api', `ecs.${svc}.memory`, memGiB, s.memoryMiB / 1024, `set ${field}.memoryMiB to ${memGiB * 1024} or more`, { unit: 'GiB', field: `${field}.memoryMiB` }),
      atLeast('api', `ecs.${svc}.instance-count`, count, s.min, `set ${field}.min to ${count} or more`, { field: `${field}.min` }),
    ];
  });
}
