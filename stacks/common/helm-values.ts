// Values for the Braintrust Helm chart (braintrustdata/helm, chart `braintrust`), built from
// Config for GCP and Azure alike. The cloud stacks pass their wiring (service-account
// identities, buckets, node shapes); everything the user configures comes from Config here.
// Value names follow the chart's values.yaml, ci/values-{google,azure}.yaml and the
// examples/google-standard values. templates/helm-values.yaml is the commented reference.
import { stringify } from 'yaml';
import type { Config } from '../../src/config/schema.js';
import { apiEnvironment, brainstoreConfigEnv, telemetryValue, type ApiEnvRefs } from './api-env.js';
import { apiSize } from '../../src/config/schema.js';
import { mergeValues, settingsHelmValues } from './settings-values.js';

/** The chart, pinned: chart releases (6.x) and data plane releases (v2.x) are separate trains. */
export const BRAINTRUST_CHART = {
  repository: 'oci://public.ecr.aws/braintrust/helm',
  name: 'braintrust',
  // Chart.yaml version at braintrustdata/helm 33f04f8 (reference notes, section 3).
  version: '6.11.0',
} as const;

export const NAMESPACE = 'braintrust';
export const API_SERVICE_ACCOUNT = 'braintrust-api';
export const BRAINSTORE_SERVICE_ACCOUNT = 'brainstore';
export const API_PORT = 8000;
export const BRAINSTORE_PORT = 4000;

/** Node label every pool carries; Helm nodeSelectors use it (official GKE standard example). */
export const POOL_LABEL = 'braintrust/node-pool';
/** Taint key on the Brainstore pools: only Brainstore pods tolerate it. */
export const TAINT_KEY = 'dedicated';

export type PoolRole = 'api' | 'brainstore-reader' | 'brainstore-writer' | 'brainstore';

/** One Kubernetes node pool the data plane needs, independent of the cloud. */
export interface PoolSpec {
  role: PoolRole;
  count: number;
  instanceType: string;
  labels: Record<string, string>;
  /** `dedicated=<role>:NoSchedule` on Brainstore pools; the API pool stays untainted for system pods. */
  taint?: { key: string; value: string; effect: 'NoSchedule' };
}

/** Reader/writer pools, or one combined pool (testing). The API pool is sized by the cloud stack. */
export function brainstorePools(config: Config): PoolSpec[] {
  const b = config.brainstore;
  const pool = (role: PoolRole, count: number, instanceType: string): PoolSpec => ({
    role,
    count,
    instanceType,
    labels: { [POOL_LABEL]: role },
    taint: { key: TAINT_KEY, value: role, effect: 'NoSchedule' },
  });
  if (b.combined) return [pool('brainstore', b.combined.count, b.combined.instanceType)];
  return [
    pool('brainstore-reader', b.readers!.count, b.readers!.instanceType),
    pool('brainstore-writer', b.writers!.count, b.writers!.instanceType),
  ];
}

/**
 * Autoscaling ceiling of a node pool: twice its size. The chart's Deployments roll with
 * maxSurge 100% / maxUnavailable 0 and Brainstore pods require a node each, so a rolling
 * upgrade schedules a full second set of pods before the old ones stop.
 */
export function poolMaxNodes(pool: PoolSpec): number {
  return Math.max(2, pool.count * 2);
}

/** vCPU, memory and local NVMe of a machine type, as each cloud's table knows it. */
export interface MachineShape {
  vcpu: number;
  memoryGiB: number;
  /** Local NVMe capacity usable for the Brainstore cache, GiB (0 when none). */
  localNvmeGiB: number;
  /**
   * Arm machine whose nodes carry the `kubernetes.io/arch=arm64:NoSchedule` taint (GKE adds it
   * to every Arm node pool): pods placed there must tolerate it.
   */
  arm64Taint?: boolean;
}

/** Toleration for the taint GKE puts on Arm nodes (the official module turns the taint off instead). */
export const ARM64_TOLERATION = { key: 'kubernetes.io/arch', operator: 'Equal', value: 'arm64', effect: 'NoSchedule' } as const;

export interface HelmWiring {
  cloud: 'google' | 'azure';
  /** Service account identities: `{ googleServiceAccount }` or `{ azureClientId }`. */
  apiServiceAccount: Record<string, string>;
  brainstoreServiceAccount: Record<string, string>;
  /** `objectStorage` block: `{ google: { brainstoreBucket, apiBucket } }` or `{ azure: {...} }`. */
  objectStorage: Record<string, unknown>;
  /** Cloud block of the chart (`google: { mode }`, `azure: { tenantId, ... }`). */
  cloudValues: Record<string, unknown>;
  /** Annotations on the API Service (internal load balancer, static address). */
  apiServiceAnnotations: Record<string, string>;
  /** API Service type; default LoadBalancer (GCP with HTTPS ingress: ClusterIP behind the Gateway). */
  apiServiceType?: 'LoadBalancer' | 'ClusterIP';
  /** Extra API environment wiring (dataPlaneUrl, cloud specifics); merged by apiEnvironment. */
  apiEnvRefs: ApiEnvRefs;
  /** Shape of a machine type; undefined when the type is unknown (tier defaults apply). */
  machineShape(instanceType: string): MachineShape | undefined;
  /** Extra top-level values (e.g. customRedisTLSCABundle on GCP). */
  extra?: Record<string, unknown>;
}

/** Image tag of a release: the chart's images are tagged `v2.12.0`. */
export function imageTag(version: string): string {
  return version.startsWith('v') ? version : `v${version}`;
}

// Pods fill their dedicated node but leave room for the kubelet reservation and daemonsets
// (GKE and AKS reserve roughly 6-10% CPU and 10-25% memory on these sizes).
const CPU_SHARE = 0.85;
const MEMORY_SHARE = 0.8;
const CACHE_SHARE = 0.8;

// The seed hardware table (self-hosting overview, "Brainstore"), used when a type is unknown.
const TIER_BRAINSTORE: Record<Config['tier'], MachineShape> = {
  testing: { vcpu: 4, memoryGiB: 8, localNvmeGiB: 128 },
  production: { vcpu: 16, memoryGiB: 32, localNvmeGiB: 1024 },
};

interface PodSize {
  cpu: string;
  memory: string;
  volumeGiB: number;
}

/**
 * The API pool: enough nodes of `instanceType` for every replica's CPU and memory, and at
 * least two in production so a node loss keeps the API up.
 */
export function apiPool(config: Config, instanceType: string, shape: MachineShape | undefined): PoolSpec {
  const { instances, cpu, memoryGiB } = apiSize(config);
  const byCpu = shape ? Math.ceil((instances * cpu) / (shape.vcpu * CPU_SHARE)) : instances;
  const byMemory = shape ? Math.ceil((instances * memoryGiB) / (shape.memoryGiB * MEMORY_SHARE)) : instances;
  const count = Math.max(byCpu, byMemory, config.tier === 'production' ? 2 : 1);
  return { role: 'api', count, instanceType, labels: { [POOL_LABEL]: 'api' } };
}

/**
 * Every node pool of the data plane: the API pool on `api.nodeInstanceType` (else the cloud's
 * tier default) followed by the Brainstore pools.
 */
export function dataPlanePools(
  config: Config,
  defaultApiType: Record<Config['tier'], string>,
  shapeOf: (instanceType: string) => MachineShape | undefined,
): PoolSpec[] {
  const apiType = config.api.nodeInstanceType ?? defaultApiType[config.tier];
  return [apiPool(config, apiType, shapeOf(apiType)), ...brainstorePools(config)];
}

/** Requests for one Brainstore pod: `share` of its node (1 = a node of its own). */
export function brainstorePodSize(shape: MachineShape, share: number): PodSize {
  const cpu = Math.max(1, Math.floor(shape.vcpu * CPU_SHARE * share));
  const memory = Math.max(2, Math.floor(shape.memoryGiB * MEMORY_SHARE * share));
  const volumeGiB = Math.max(10, Math.floor(shape.localNvmeGiB * CACHE_SHARE * share));
  return { cpu: String(cpu), memory: `${memory}Gi`, volumeGiB };
}

const BRAINSTORE_APPS = ['brainstore-reader', 'brainstore-writer', 'brainstore-fastreader'];

function antiAffinity(hard: boolean): Record<string, unknown> {
  const term = {
    labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: BRAINSTORE_APPS }] },
    topologyKey: 'kubernetes.io/hostname',
  };
  // Split pools: one Brainstore pod per node, enforced. Combined (testing) pool: N readers plus
  // the writer share N nodes, so spreading is only preferred.
  return hard
    ? { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } }
    : { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] } };
}

function brainstoreRole(pool: PoolSpec, replicas: number, size: PodSize, hardAntiAffinity: boolean, name: string, arm64Taint = false) {
  return {
    name,
    replicas,
    nodeSelector: { [POOL_LABEL]: pool.role },
    tolerations: [
      { key: TAINT_KEY, operator: 'Equal', value: pool.role, effect: 'NoSchedule' },
      ...(arm64Taint ? [ARM64_TOLERATION] : []),
    ],
    affinity: antiAffinity(hardAntiAffinity),
    resources: {
      requests: { cpu: size.cpu, memory: size.memory },
      limits: { cpu: size.cpu, memory: size.memory },
    },
    cacheDir: '/mnt/tmp/brainstore',
    objectStoreCacheMemoryLimit: '1Gi',
    objectStoreCacheFileSize: `${Math.floor(size.volumeGiB * CACHE_SHARE)}Gi`,
  };
}

/**
 * `volume.size` is read only where the chart requests storage for the cache: Azure Container
 * Storage's ephemeral volume (required there), GKE Autopilot and AWS ephemeral-storage
 * requests (templates/brainstore-*-deployment.yaml, _helpers.tpl brainstoreResources). On GKE
 * Standard the cache is a plain emptyDir on the node's local SSDs and the value is ignored.
 */
function readsVolumeSize(wiring: HelmWiring): boolean {
  return wiring.cloud === 'azure';
}

function brainstoreValues(config: Config, wiring: HelmWiring) {
  const pools = brainstorePools(config);
  const fallback = TIER_BRAINSTORE[config.tier];
  const shapeOf = (p: PoolSpec): MachineShape => {
    const shape = wiring.machineShape(p.instanceType) ?? fallback;
    // A type whose local disks the table does not know: size the cache from the tier's minimum.
    return shape.localNvmeGiB > 0 ? shape : { ...shape, localNvmeGiB: fallback.localNvmeGiB };
  };
  const arm = (p: PoolSpec): boolean => wiring.machineShape(p.instanceType)?.arm64Taint === true;
  const volume = (size: PodSize) => (readsVolumeSize(wiring) ? { volume: { size: `${size.volumeGiB}Gi` } } : {});
  if (pools.length === 1) {
    // Combined (testing): readers = combined.count; the chart always runs a writer, so one
    // writer shares the pool. Each pod gets half a node so reader + writer fit on one.
    const [pool] = pools;
    const size = brainstorePodSize(shapeOf(pool), 0.5);
    return {
      reader: { ...brainstoreRole(pool, pool.count, size, false, 'brainstore-reader', arm(pool)), ...volume(size) },
      writer: { ...brainstoreRole(pool, 1, size, false, 'brainstore-writer', arm(pool)), ...volume(size) },
      fastreader: { replicas: 0, ...volume(size) },
    };
  }
  const [readers, writers] = pools;
  const readerSize = brainstorePodSize(shapeOf(readers), 1);
  const writerSize = brainstorePodSize(shapeOf(writers), 1);
  return {
    reader: { ...brainstoreRole(readers, readers.count, readerSize, true, 'brainstore-reader', arm(readers)), ...volume(readerSize) },
    writer: { ...brainstoreRole(writers, writers.count, writerSize, true, 'brainstore-writer', arm(writers)), ...volume(writerSize) },
    // No fast readers, but the chart renders their Deployment anyway and, on Azure Container
    // Storage, `required`s its volume size: give it the readers' size.
    fastreader: { replicas: 0, ...volume(readerSize) },
  };
}

/** In-cluster URL of a chart Service. */
export function serviceUrl(service: string, port: number): string {
  return `http://${service}.${NAMESPACE}:${port}`;
}

/** YAML for helm_release `values`: no line folding (Terraform references stay intact), no anchors. */
export function valuesYaml(values: unknown): string {
  return stringify(values, { lineWidth: 0, aliasDuplicateObjects: false });
}

/**
 * Brainstore's environment from config (data path objects, brainstore.extraEnv) on each role,
 * as the chart's extraEnvVars; telemetry already has its own chart value.
 */
function withBrainstoreEnv<T extends Record<string, object>>(roles: T, config: Config): T {
  const { BRAINSTORE_CONTROL_PLANE_TELEMETRY: _telemetry, ...env } = brainstoreConfigEnv(config);
  const extraEnvVars = Object.entries(env).map(([name, value]) => ({ name, value }));
  if (!extraEnvVars.length) return roles;
  return Object.fromEntries(Object.entries(roles).map(([k, v]) => [k, { ...v, extraEnvVars }])) as T;
}

/** The chart values for this deployment. */
export function helmValues(config: Config, wiring: HelmWiring): Record<string, unknown> {
  const tag = imageTag(config.version);
  const env = apiEnvironment(
    config,
    {
      // Config has no fast readers: the chart always points the API at a fast-reader Service,
      // so its queries go to the readers instead (fastreader replicas are 0 below).
      BRAINSTORE_FAST_READER_URL: serviceUrl('brainstore-reader', BRAINSTORE_PORT),
      ...wiring.apiEnvRefs,
    },
    { containerized: true },
  );
  const size = apiSize(config);
  const memory = `${size.memoryGiB}Gi`;
  const cpu = String(size.cpu);
  const brainstore = withBrainstoreEnv(brainstoreValues(config, wiring), config);
  // scaling:, kubernetes: and the data path switches (settings-values.ts) go over these values.
  return mergeValues({
    global: {
      orgName: config.orgName,
      namespace: NAMESPACE,
      createNamespace: false,
      controlPlaneTelemetry: telemetryValue(config),
    },
    cloud: wiring.cloud,
    [wiring.cloud]: wiring.cloudValues,
    objectStorage: wiring.objectStorage,
    api: {
      name: 'braintrust-api',
      replicas: size.instances,
      image: { repository: 'public.ecr.aws/braintrust/standalone-api', tag, pullPolicy: 'IfNotPresent' },
      service: { type: wiring.apiServiceType ?? 'LoadBalancer', port: API_PORT, portName: 'http' },
      annotations: { service: wiring.apiServiceAnnotations },
      serviceAccount: { name: API_SERVICE_ACCOUNT, ...wiring.apiServiceAccount },
      ...(wiring.cloud === 'google' ? { enableGcsAuth: true } : {}),
      resources: { requests: { cpu, memory }, limits: { cpu, memory } },
      nodeMemoryPercent: String(config.api.nodeMemoryPercent),
      nodeSelector: { [POOL_LABEL]: 'api' },
      // Only an explicitly chosen API node type can be Arm (the cloud defaults are x86).
      ...(config.api.nodeInstanceType && wiring.machineShape(config.api.nodeInstanceType)?.arm64Taint
        ? { tolerations: [ARM64_TOLERATION] }
        : {}),
      // The whole API environment from Config (rate limits, app URLs, telemetry...): the chart
      // has no value for most of these, and env entries win over its configmap.
      extraEnvVars: Object.entries(env)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, value]) => ({ name, value })),
    },
    brainstore: {
      image: { repository: 'public.ecr.aws/braintrust/brainstore', tag, pullPolicy: 'IfNotPresent' },
      serviceAccount: { name: BRAINSTORE_SERVICE_ACCOUNT, ...wiring.brainstoreServiceAccount },
      // New deployments keep locks in object storage (examples/google-standard). Never change it
      // on a live deployment: the chart warns of data corruption.
      locksBackend: 'objectStorage',
      ...brainstore,
    },
    ...(wiring.extra ?? {}),
  }, settingsHelmValues(config));
}
