// The application on AKS: the helm provider uses the cluster's kubeconfig credentials and
// installs the Braintrust chart. braintrust-secrets comes from Key Vault through the chart's
// CSI SecretProviderClass, so no secret passes through Helm here.
import { Construct } from 'constructs';
import { Fn, type ITerraformDependable } from 'cdktf';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider/index.js';
import type { Release } from '@cdktf/provider-helm/lib/release/index.js';
import type { KubernetesCluster } from '@cdktf/provider-azurerm/lib/kubernetes-cluster/index.js';
import { braintrustRelease } from '../common/release.js';

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
    this.braintrust = braintrustRelease(this, provider, props.values, { dependsOn: props.dependsOn });
  }
}
