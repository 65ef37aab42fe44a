// The application on GKE: the helm provider talks to the new cluster with the caller's Google
// token, then installs (1) the `braintrust-secrets` Secret the chart requires and (2) the
// Braintrust chart with values from helmValues().
//
// The chart reads PG_URL, REDIS_URL, the license key... from a Secret it does not create
// (chart README "Required Secrets"); on Azure the Key Vault CSI driver syncs it, on GCP nothing
// does. We render it with the `raw` chart (bedag/helm-charts, renders manifests from values),
// every secret value going through set_sensitive so none appears in the plan or the values.
import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider/index.js';
import { Release } from '@cdktf/provider-helm/lib/release/index.js';
import { DataGoogleClientConfig } from '@cdktf/provider-google/lib/data-google-client-config/index.js';
import type { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster/index.js';
import type { ITerraformDependable } from 'cdktf';
import { NAMESPACE, valuesYaml } from '../common/helm-values.js';
import type { LicenseKey } from '../common/license-key.js';
import { braintrustRelease } from '../common/release.js';

/** Renders arbitrary manifests from values; pinned (Chart.yaml 2.0.1). */
export const RAW_CHART = { repository: 'https://bedag.github.io/helm-charts/', name: 'raw', version: '2.0.1' } as const;
export const CHART_SECRET = 'braintrust-secrets';

export interface GkeReleaseProps {
  cluster: ContainerCluster;
  /** Chart values (helmValues), serialized to YAML here. */
  values: Record<string, unknown>;
  /** Keys of braintrust-secrets -> sensitive values. */
  secrets: Record<string, string>;
  licenseKey: LicenseKey;
  /** Node pools and IAM the pods need before they can start. */
  dependsOn: ITerraformDependable[];
}

export class GkeRelease extends Construct {
  readonly secrets: Release;
  readonly braintrust: Release;

  constructor(scope: Construct, id: string, props: GkeReleaseProps) {
    super(scope, id);
    const { cluster, licenseKey } = props;
    const client = new DataGoogleClientConfig(this, 'client', {});
    const provider = new HelmProvider(this, 'helm', {
      kubernetes: {
        host: `https://${cluster.endpoint}`,
        token: client.accessToken,
        clusterCaCertificate: Fn.base64decode(cluster.masterAuth.clusterCaCertificate),
      },
    });

    const secretData = { ...props.secrets, BRAINSTORE_LICENSE_KEY: licenseKey.value };
    this.secrets = new Release(this, 'secrets', {
      provider,
      name: CHART_SECRET,
      repository: RAW_CHART.repository,
      chart: RAW_CHART.name,
      version: RAW_CHART.version,
      namespace: NAMESPACE,
      createNamespace: true,
      values: [
        valuesYaml({
          resources: [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: CHART_SECRET, namespace: NAMESPACE }, type: 'Opaque' }],
        }),
      ],
      setSensitive: Object.entries(secretData).map(([key, value]) => ({
        name: `resources[0].stringData.${key}`,
        value,
        type: 'string',
      })),
      dependsOn: props.dependsOn,
      lifecycle: { precondition: licenseKey.preconditions },
    });

    this.braintrust = braintrustRelease(this, provider, props.values, {
      atomic: false,
      dependsOn: [this.secrets, ...props.dependsOn],
    });
  }
}
