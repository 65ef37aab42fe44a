// The GCP data plane: the official module's architecture (VPC, Cloud SQL, Memorystore, GCS +
// KMS, GKE with Workload Identity) built as CDKTF constructs, plus the Braintrust Helm release.
// Pure: everything comes from Config; the project may be unset for a dry-run synth.
import { TerraformOutput, TerraformStack, TerraformVariable, type App } from 'cdktf';
import type { Construct } from 'constructs';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider/index.js';
import { RandomProvider } from '@cdktf/provider-random/lib/provider/index.js';
import { Id } from '@cdktf/provider-random/lib/id/index.js';
import { Password } from '@cdktf/provider-random/lib/password/index.js';
import type { Config } from '../../src/config/schema.js';
import { API_PORT, helmValues, NAMESPACE } from '../common/helm-values.js';
import { configureBackend } from '../common/backend.js';
import { GcpNetwork } from './network.js';
import { GcpStorage } from './storage.js';
import { GcpWorkloadIdentity } from './identity.js';
import { GkeCluster } from './cluster.js';
import { CloudSqlPostgres, POSTGRES_PORT } from './database.js';
import { Memorystore } from './cache.js';
import { gcpLicenseKey } from './license.js';
import { GkeRelease } from './release.js';
import { GcpRemoteAccess } from './remote-access.js';
import { machineShape } from './machine-types.js';
import { enableApis } from './apis.js';
import { GcpDataKey } from './kms.js';
import { GcpIngress } from './ingress.js';
import { INGRESS_CHART_FILES } from './ingress-chart.js';
import { ingressMode } from '../../src/config/ingress-schema.js';

export class GcpDataPlaneStack extends TerraformStack {
  /** Files synth writes beside cdk.tf.json (path relative to it -> text): the ingress chart. */
  readonly extraFiles: Record<string, string> = {};

  constructor(scope: Construct, id: string, config: Config) {
    super(scope, id);
    const mode = ingressMode(config);
    configureBackend(this, config, ['local', 'gcs']);
    const projectVariable = new TerraformVariable(this, 'project_id', {
      type: 'string',
      default: config.account?.gcpProject,
      description: 'GCP project to deploy into (account.gcpProject in braintrust.yaml)',
    });
    const projectId = projectVariable.stringValue;
    new GoogleProvider(this, 'google', { project: projectId, region: config.region });
    new RandomProvider(this, 'random', {});
    enableApis(this, projectId);
    const suffix = new Id(this, 'suffix', { byteLength: 3 }).hex;

    const network = new GcpNetwork(this, 'network', config);
    const storage = new GcpStorage(this, 'storage', { config, suffix });
    const identity = new GcpWorkloadIdentity(this, 'identity', {
      config,
      projectId,
      brainstoreBucket: storage.brainstore,
      apiBucket: storage.api,
    });
    const dataKey = new GcpDataKey(this, 'kms', { config, projectId, keyRing: storage.keyRing });
    const gke = new GkeCluster(this, 'cluster', { config, projectId, network, dataKey, gatewayApi: mode !== undefined });
    const database = new CloudSqlPostgres(this, 'database', { config, network, suffix, dataKey });
    const cache = new Memorystore(this, 'cache', { config, network, dataKey });
    // FUNCTION_SECRET_KEY encrypts stored function secrets: generated once, kept in state.
    const functionSecret = new Password(this, 'function-secret-key', { length: 48, special: false });

    // With ingress: the HTTPS Gateway for ingress.domain (ingress.ts), the API Service stays
    // inside the cluster. Without: the API Service takes the reserved internal address on an
    // internal passthrough load balancer (plain HTTP in the VPC; doctor warns). Either way
    // api_url is known before apply.
    const ingress = mode ? new GcpIngress(this, 'ingress', { config, mode, network }) : undefined;
    const apiUrl = ingress ? `https://${ingress.domain}` : `http://${network.apiAddress!.address}:${API_PORT}`;
    const values = helmValues(config, {
      cloud: 'google',
      cloudValues: { mode: 'standard' },
      apiServiceAccount: { googleServiceAccount: identity.api.email },
      brainstoreServiceAccount: { googleServiceAccount: identity.brainstore.email },
      objectStorage: { google: { brainstoreBucket: storage.brainstore.name, apiBucket: storage.api.name } },
      apiServiceAnnotations: ingress ? {} : {
        'networking.gke.io/load-balancer-type': 'Internal',
        'networking.gke.io/load-balancer-ip-addresses': network.apiAddress!.name,
      },
      ...(ingress ? { apiServiceType: 'ClusterIP' as const } : {}),
      apiEnvRefs: { dataPlaneUrl: apiUrl },
      machineShape: (type) => machineShape(type, config.tier),
    });
    const release = new GkeRelease(this, 'release', {
      cluster: gke.cluster,
      values,
      secrets: {
        PG_URL: database.url,
        REDIS_URL: cache.url,
        FUNCTION_SECRET_KEY: functionSecret.result,
      },
      licenseKey: gcpLicenseKey(this, config),
      dependsOn: [...gke.pools, ...identity.bindings],
    });
    if (ingress) {
      ingress.release(release.helm, [release.braintrust]);
      Object.assign(this.extraFiles, INGRESS_CHART_FILES);
    }
    new GcpRemoteAccess(this, 'remote-access', config, projectId);

    const outputs: Record<string, { value: string | number | string[]; description: string }> = {
      api_url: ingress
        ? { value: apiUrl, description: `Data plane API over HTTPS (${ingress.mode} GKE Gateway; needs the DNS record in dns_records)` }
        : { value: apiUrl, description: 'Data plane API on its internal load balancer, plain HTTP in the VPC (set ingress.domain and ingress.certificate for HTTPS)' },
      ...(ingress ? {
        ingress_address: { value: ingress.ipAddress, description: `${ingress.mode === 'public' ? 'Global external' : 'Internal'} IP address of the HTTPS load balancer` },
        dns_records: { value: [ingress.dnsRecord()], description: `DNS record to create${ingress.mode === 'private' ? ' in your private DNS zone' : ''} (name, type, value)` },
      } : {}),
      region: { value: config.region!, description: 'GCP region' },
      project_id: { value: projectId, description: 'GCP project' },
      cluster_name: { value: gke.cluster.name, description: 'GKE cluster' },
      kube_context: {
        value: `gke_${projectId}_${gke.location}_${gke.cluster.name}`,
        description: 'kubectl context created by `gcloud container clusters get-credentials`',
      },
      namespace: { value: NAMESPACE, description: 'Kubernetes namespace of the data plane' },
      postgres_host: { value: database.instance.privateIpAddress, description: 'Cloud SQL private IP' },
      postgres_port: { value: POSTGRES_PORT, description: 'PostgreSQL port' },
      postgres_secret_id: { value: database.passwordSecret.secret.id, description: 'Secret Manager secret with the database password' },
      redis_host: { value: cache.instance.host, description: 'Memorystore private IP' },
      redis_port: { value: cache.instance.port, description: 'Memorystore port (AUTH, no TLS: see README differences)' },
      redis_secret_id: { value: cache.authSecret.secret.id, description: 'Secret Manager secret with the Redis AUTH string' },
      brainstore_bucket: { value: storage.brainstore.name, description: 'Brainstore index and WAL bucket' },
      response_bucket: { value: storage.api.name, description: 'API bucket (responses under response/)' },
      code_bundle_bucket: { value: storage.api.name, description: 'API bucket (code bundles under code-bundle/)' },
    };
    for (const [name, o] of Object.entries(outputs)) {
      // Output names are a contract (outputs.json); ids are prefixed so project_id can also be a variable.
      new TerraformOutput(this, `output-${name}`, o).overrideLogicalId(name);
    }
  }
}

export function buildStack(app: App, config: Config): TerraformStack {
  return new GcpDataPlaneStack(app, config.name, config);
}
