// The Braintrust chart's helm_release, one for GKE and AKS alike: each cloud stack brings its
// helm provider (how it reaches the cluster) and what the release must wait for.
import type { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import type { HelmProvider } from '@cdktf/provider-helm/lib/provider/index.js';
import { Release } from '@cdktf/provider-helm/lib/release/index.js';
import { BRAINTRUST_CHART, NAMESPACE, valuesYaml } from './helm-values.js';
import { chartFor } from './chart-release.js';

export interface BraintrustReleaseOptions {
  /** What the pods need before they can start (node pools, identities, secrets). */
  dependsOn: ITerraformDependable[];
  /** helm `atomic`; unset leaves the provider default. */
  atomic?: boolean;
  /** helm `create_namespace`; false when the stack owns the namespace (GKE). Default true. */
  createNamespace?: boolean;
}

/**
 * The `braintrust` release (construct id `braintrust` under `scope`, so resource names stay
 * what they were) with chart values from helmValues(), serialized to YAML here.
 */
export function braintrustRelease(
  scope: Construct,
  provider: HelmProvider,
  values: Record<string, unknown>,
  opts: BraintrustReleaseOptions,
): Release {
  // The chart that ships the images the values run (chart-release.ts); helmValues sets the
  // API's and Brainstore's tags to the config's version.
  const tag = (values as { api?: { image?: { tag?: string } } }).api?.image?.tag;
  return new Release(scope, 'braintrust', {
    provider,
    name: 'braintrust',
    repository: BRAINTRUST_CHART.repository,
    chart: BRAINTRUST_CHART.name,
    version: tag ? chartFor(tag).chart : BRAINTRUST_CHART.version,
    namespace: NAMESPACE,
    createNamespace: opts.createNamespace ?? true,
    values: [valuesYaml(values)],
    // Brainstore nodes (and their NVMe volumes) can take minutes to join; wait for the pods so
    // apply reports failures.
    wait: true,
    timeout: 1200,
    atomic: opts.atomic,
    dependsOn: opts.dependsOn,
  });
}

const APPLICATION = Symbol.for('braintrust.application');

/**
 * Mark a resource that needs what the release creates (Azure: Front Door's origin needs the
 * Private Link Service AKS makes for the API Service): omitReleases leaves it out as well.
 * Only marked resources may reference a marked resource or a release.
 */
export function markApplication<T extends Construct>(c: T): T {
  (c as unknown as Record<symbol, boolean>)[APPLICATION] = true;
  return c;
}

/**
 * Remove every helm_release from a built stack: the first phase of a phased first install
 * (infrastructure only), with the resources marked by markApplication. Nothing else references
 * them, so the rest synthesizes unchanged.
 */
export function omitReleases(scope: Construct): number {
  const releases = scope.node
    .findAll()
    .filter((c) => (c as { terraformResourceType?: string }).terraformResourceType === 'helm_release' || (c as unknown as Record<symbol, boolean>)[APPLICATION]);
  for (const r of releases) r.node.scope?.node.tryRemoveChild(r.node.id);
  return releases.length;
}
