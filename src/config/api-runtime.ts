// AWS API runtime settings: `api.runtime` (ecs | lambda), `api.standbyRuntime` (the other runtime
// kept deployed without traffic during a migration, so traffic can move back in one apply) and
// `api.ecs.{api,ingest,background}` task sizes and counts. Defaults are the official module's
// (terraform-aws-braintrust-data-plane v6.6.0 variables.tf: braintrust_api_*). Kept apart from
// schema.ts, which only hooks these in.
import { z } from 'zod';
import type { Config } from './schema.js';

export const API_RUNTIMES = ['ecs', 'lambda'] as const;
export type ApiRuntime = (typeof API_RUNTIMES)[number];
export const ECS_SERVICES = ['api', 'ingest', 'background'] as const;
export type EcsServiceKey = (typeof ECS_SERVICES)[number];

export interface EcsServiceSettings {
  /** vCPUs per task (Fargate: 0.25, 0.5, 1, 2, 4, 8, 16). */
  cpu: number;
  memoryMiB: number;
  min: number;
  max: number;
}

/** Official defaults: 1024 CPU units (1 vCPU), 8192 MiB; min/max 3/50, 6/100, 3/50. */
export const OFFICIAL_ECS_DEFAULTS: Record<EcsServiceKey, EcsServiceSettings> = {
  api: { cpu: 1, memoryMiB: 8192, min: 3, max: 50 },
  ingest: { cpu: 1, memoryMiB: 8192, min: 6, max: 100 },
  background: { cpu: 1, memoryMiB: 8192, min: 3, max: 50 },
};

/** Valid Fargate memory (MiB) per vCPU count (official module locals.tf valid_fargate_memory_by_cpu). */
export function fargateMemoryChoices(cpu: number): number[] | undefined {
  const range = (from: number, to: number, step: number) => Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
  const table: Record<string, number[]> = {
    '0.25': [512, 1024, 2048],
    '0.5': [1024, 2048, 3072, 4096],
    '1': range(2048, 8192, 1024),
    '2': range(4096, 16384, 1024),
    '4': range(8192, 30720, 1024),
    '8': range(16384, 61440, 4096),
    '16': range(32768, 122880, 8192),
  };
  return table[String(cpu)];
}

const count = z.number().int().min(1).max(1000);
const ecsServiceSchema = z.strictObject({
  cpu: z.number().finite().positive().describe('vCPUs per task: 0.25, 0.5, 1, 2, 4, 8 or 16 (Fargate)'),
  memoryMiB: z.number().int().positive().describe('Memory per task, MiB (a valid Fargate size for the cpu)'),
  min: count.describe('Minimum (and initial) task count'),
  max: count.describe('Maximum task count (autoscaling)'),
}).partial();

export const apiRuntimeSchema = z.enum(API_RUNTIMES).describe('AWS only: where the API runs. ecs (Fargate, the official module v6 architecture; new configs) or lambda (a config without this field)');
export const apiStandbyRuntimeSchema = z.enum(API_RUNTIMES).describe('AWS only: the other runtime, kept deployed without traffic during `braintrust upgrade --api-runtime` (rollback in one apply). Remove it to retire that runtime.');

export const apiEcsSchema = z
  .strictObject({
    api: ecsServiceSchema.optional().describe('braintrust-api: general traffic'),
    ingest: ecsServiceSchema.optional().describe('braintrust-api-ingest: /logs3, /otel/v1/*, /attachment'),
    background: ecsServiceSchema.optional().describe('braintrust-api-background: evals, functions, proxy'),
  })
  .superRefine((ecs, ctx) => {
    for (const key of ECS_SERVICES) {
      const s = { ...OFFICIAL_ECS_DEFAULTS[key], ...ecs[key] };
      const choices = fargateMemoryChoices(s.cpu);
      if (!choices) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key, 'cpu'], message: `${s.cpu} is not a Fargate size: use 0.25, 0.5, 1, 2, 4, 8 or 16 (vCPUs, not CPU units)` });
      } else if (!choices.includes(s.memoryMiB)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key, 'memoryMiB'], message: `${s.memoryMiB} MiB is not valid with ${s.cpu} vCPU on Fargate: use ${choices[0]}-${choices[choices.length - 1]} in steps of ${choices.length > 1 ? choices[1] - choices[0] : choices[0]}` });
      }
      if (s.max < s.min) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key, 'max'], message: `max ${s.max} is below min ${s.min}` });
    }
  })
  .describe('AWS, api.runtime ecs: Fargate task size and counts per service (official defaults when omitted)');

/** The runtime taking traffic: lambda when the field is absent (configs written before ECS). */
export function apiRuntime(config: Pick<Config, 'api'>): ApiRuntime {
  return config.api.runtime ?? 'lambda';
}

/** The runtimes deployed: the active one, plus the standby during a migration. */
export function deployedRuntimes(config: Pick<Config, 'api'>): Set<ApiRuntime> {
  const set = new Set<ApiRuntime>([apiRuntime(config)]);
  if (config.api.standbyRuntime) set.add(config.api.standbyRuntime);
  return set;
}

/** Per-service ECS settings with the official defaults filled in. */
export function ecsSettings(config: Pick<Config, 'api'>): Record<EcsServiceKey, EcsServiceSettings> {
  const ecs = config.api.ecs ?? {};
  return Object.fromEntries(ECS_SERVICES.map((k) => [k, { ...OFFICIAL_ECS_DEFAULTS[k], ...ecs[k] }])) as Record<EcsServiceKey, EcsServiceSettings>;
}

/** Settings that are valid but have no effect: warned about, never an error (switching runtimes stays a one-field edit). */
export function apiRuntimeWarnings(config: Config): string[] {
  const api = config.api;
  if (config.cloud !== 'aws') {
    const set = (['runtime', 'standbyRuntime', 'ecs'] as const).filter((k) => api[k] !== undefined);
    return set.length ? [`${set.map((k) => `api.${k}`).join(', ')}: AWS only, ignored on ${config.cloud}.`] : [];
  }
  const out: string[] = [];
  const unused = (['instances', 'cpu', 'memoryGiB'] as const).filter((k) => api[k] !== undefined);
  if (unused.length) {
    out.push(`${unused.map((k) => `api.${k}`).join(', ')}: not used on AWS, ignored (api.ecs sizes the ECS services; Lambda sizes itself). Remove ${unused.length > 1 ? 'them' : 'it'} from the config.`);
  }
  if (api.ecs && !deployedRuntimes(config).has('ecs')) {
    out.push('api.ecs is ignored under api.runtime lambda (set api.runtime: ecs, or run `braintrust upgrade --api-runtime ecs`, to use it).');
  }
  return out;
}

/** Config rule: the standby runtime is the other one. */
export function checkStandby(api: { runtime?: ApiRuntime; standbyRuntime?: ApiRuntime }, ctx: z.RefinementCtx): void {
  if (api.standbyRuntime && api.standbyRuntime === (api.runtime ?? 'lambda')) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['api', 'standbyRuntime'], message: `must differ from api.runtime (${api.runtime ?? 'lambda'}); remove it to run one runtime` });
  }
}

/**
 * What `braintrust init` and the shipped example write for AWS: the ECS runtime, sized to the
 * seed tables (production: 2 vCPU, 8 GiB, 4+ tasks per service: above the official 1 vCPU
 * default, which the 2+ vCPU row fails; testing: one small task per service).
 */
export function awsApiRuntimeDefaults(tier: 'testing' | 'production'): { runtime: ApiRuntime; ecs: Record<EcsServiceKey, EcsServiceSettings> } {
  if (tier === 'production') {
    return {
      runtime: 'ecs',
      ecs: {
        api: { cpu: 2, memoryMiB: 8192, min: 4, max: 50 },
        ingest: { cpu: 2, memoryMiB: 8192, min: 6, max: 100 },
        background: { cpu: 2, memoryMiB: 8192, min: 4, max: 50 },
      },
    };
  }
  const small = { cpu: 1, memoryMiB: 4096, min: 1, max: 10 };
  return { runtime: 'ecs', ecs: { api: { ...small }, ingest: { ...small }, background: { ...small } } };
}
