// The application on AKS: the helm provider uses the cluster's kubeconfig credentials and
// installs the Braintrust chart. braintrust-secrets comes from Key Vault through the chart's
// CSI SecretProviderClass, so no secret passes through Helm here.
import { Construct } from 'constructs';
import { Fn, type ITerraformDependable } from 'cdktf';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider/index.js';
import { Release } from '@cdktf/provider-helm/lib/release/index.js';
import type { KubernetesCluster } from '@cdktf/provider-azurerm/lib/kubernetes-cluster/index.js';
import { BRAINTRUST_CHART, NAMESPACE, valuesYaml } from '../common/helm-values.js';

export interface AksReleaseProps {
  cluster: KubernetesCluster;
  values: Record<string, unknown>;
  dependsOn: ITerraformDependable[];
}

export class AksRelease extends Construct {
  readonly braintrust: Release;

  constructor(scope: Construct, id: string, props: AksReleaseProps) {
    super(scope, id);
    const kube = props.cluster.kubeConfig.get(0);
    const provider = new HelmProvider(this, 'helm', {
      kubernetes: {
        host: kube.host,
        clientCertificate: Fn.base64decode(kube.clientCertificate),
        clientKey: Fn.base64decode(kube.clientKey),
        clusterCaCertificate: Fn.base64decode(kube.clusterCaCertificate),
      },
    });
    this.braintrust = new Release(this, 'braintrust', {
      provider,
      name: 'braintrust',
      repository: BRAINTRUST_CHART.repository,
      chart: BRAINTRUST_CHART.name,
      version: BRAINTRUST_CHART.version,
      namespace: NAMESPACE,
      createNamespace: true,
      values: [valuesYaml(props.values)],
      // Brainstore nodes and NVMe volumes can take minutes; wait so apply reports failures.
      wait: true,
      timeout: 1200,
      dependsOn: props.dependsOn,
    });
  }
}
