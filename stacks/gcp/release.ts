// The application on GKE: the kubernetes and helm providers reach the new cluster with the
// caller's Google token; the kubernetes provider creates the namespace and the
// `braintrust-secrets` Secret, then the helm provider installs the Braintrust chart.
//
// The chart reads PG_URL, REDIS_URL, the license key... from a Secret it does not create
// (chart README "Required Secrets"; templates/api-deployment.yaml secretKeyRef); on Azure the
// Key Vault CSI driver syncs it, on GCP nothing does, so the stack owns it as a
// kubernetes_secret_v1 (its `data` is sensitive in state and plan; no third-party chart).
import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider/index.js';
import type { Release } from '@cdktf/provider-helm/lib/release/index.js';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider/index.js';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1/index.js';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1/index.js';
import { DataGoogleClientConfig } from '@cdktf/provider-google/lib/data-google-client-config/index.js';
import type { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster/index.js';
import type { ITerraformDependable } from 'cdktf';
import { NAMESPACE } from '../common/helm-values.js';
import type { LicenseKey } from '../common/license-key.js';
import { braintrustRelease } from '../common/release.js';

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
  readonly namespace: NamespaceV1;
  readonly secret: SecretV1;
  readonly braintrust: Release;
  readonly helm: HelmProvider;

  constructor(scope: Construct, id: string, props: GkeReleaseProps) {
    super(scope, id);
    const { cluster, licenseKey } = props;
    const client = new DataGoogleClientConfig(this, 'client', {});
    const credentials = {
      host: `https://${cluster.endpoint}`,
      token: client.accessToken,
      clusterCaCertificate: Fn.base64decode(cluster.masterAuth.clusterCaCertificate),
    };
    const kubernetes = new KubernetesProvider(this, 'kubernetes', credentials);
    const helm = new HelmProvider(this, 'helm', { kubernetes: credentials });
    this.helm = helm;

    this.namespace = new NamespaceV1(this, 'namespace', {
      provider: kubernetes,
      metadata: { name: NAMESPACE },
      // The API server is reachable once a node pool exists (and GKE is done reconciling).
      dependsOn: props.dependsOn,
    });
    this.secret = new SecretV1(this, 'secrets', {
      provider: kubernetes,
      metadata: { name: CHART_SECRET, namespace: this.namespace.metadata.name },
      type: 'Opaque',
      data: { ...props.secrets, BRAINSTORE_LICENSE_KEY: licenseKey.value },
      lifecycle: { precondition: licenseKey.preconditions },
    });

    this.braintrust = braintrustRelease(this, helm, props.values, {
      atomic: false,
      createNamespace: false,
      dependsOn: [this.secret, ...props.dependsOn],
    });
  }
}
