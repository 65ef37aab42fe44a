// The Azure data plane: the official module's architecture (VNet, PostgreSQL Flexible Server,
// Redis, Storage, Key Vault, AKS with workload identity) built as CDKTF constructs, plus the
// Braintrust Helm release. Pure: everything comes from Config.
import { TerraformOutput, TerraformStack, TerraformVariable, type App } from 'cdktf';
import type { Construct } from 'constructs';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider/index.js';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group/index.js';
import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config/index.js';
import { RandomProvider } from '@cdktf/provider-random/lib/provider/index.js';
import { StringResource } from '@cdktf/provider-random/lib/string-resource/index.js';
import { Password } from '@cdktf/provider-random/lib/password/index.js';
import type { Config } from '../../src/config/schema.js';
import { resourceName, tagsFor } from '../common/naming.js';
import { API_PORT, helmValues, NAMESPACE } from '../common/helm-values.js';
import { configureBackend } from '../common/backend.js';
import { AzureNetwork } from './network.js';
import { AksCluster } from './cluster.js';
import { FlexiblePostgres, POSTGRES_PORT } from './database.js';
import { AzureManagedRedis } from './cache.js';
import { AzureStorage, CONTAINERS } from './storage.js';
import { AzureKeyVault, CHART_SECRETS } from './key-vault.js';
import { AzureWorkloadIdentity } from './identity.js';
import { azureLicenseKey } from './license.js';
import { AksRelease } from './release.js';
import { AzureRemoteAccess } from './remote-access.js';
import { machineShape } from './vm-sizes.js';
import { AzureDataKeys, usesCustomerManagedKeys } from './encryption.js';
import { ingressMode } from '../../src/config/ingress-schema.js';
import { AzureFrontDoor, type DnsRecord } from './front-door.js';
import { AzureAppGateway } from './app-gateway.js';

export class AzureDataPlaneStack extends TerraformStack {
  constructor(scope: Construct, id: string, config: Config) {
    super(scope, id);
    configureBackend(this, config, ['local', 'azurerm']);
    const subscription = new TerraformVariable(this, 'subscription_id', {
      type: 'string',
      nullable: true,
      description: 'Azure subscription (account.azureSubscriptionId in braintrust.yaml; null: ARM_SUBSCRIPTION_ID)',
    });
    subscription.addOverride('default', config.account?.azureSubscriptionId ?? null);
    new AzurermProvider(this, 'azurerm', {
      features: [{}],
      subscriptionId: subscription.stringValue,
      // Storage account data-plane calls use Entra ID: shared keys are disabled.
      storageUseAzuread: true,
    });
    new RandomProvider(this, 'random', {});
    const client = new DataAzurermClientConfig(this, 'client', {});
    const suffix = new StringResource(this, 'suffix', { length: 6, special: false, upper: false }).result;

    const group = new ResourceGroup(this, 'group', {
      name: config.account?.azureResourceGroup ?? resourceName(config, 'rg'),
      location: config.region!,
      tags: tagsFor(config),
    });
    const network = new AzureNetwork(this, 'network', config, group);
    // HTTPS ingress (ingress: in braintrust.yaml). Its subnets join the VNet before the cluster.
    const mode = ingressMode(config);
    const frontDoor = mode === 'public' ? new AzureFrontDoor(this, 'front-door', { config, group, network }) : undefined;
    const appGateway = mode === 'private' ? new AzureAppGateway(this, 'app-gateway', { config, group, network }) : undefined;
    network.nsgAssociations.push(...(frontDoor ? [frontDoor.subnetAssociation] : []), ...(appGateway ? [appGateway.subnetAssociation] : []));
    const aks = new AksCluster(this, 'cluster', { config, group, network });
    const keyVault = new AzureKeyVault(this, 'key-vault', { config, group, client, suffix, network });
    const keys = usesCustomerManagedKeys(config) ? new AzureDataKeys(this, 'encryption', { config, group, client, keyVault }) : undefined;
    const database = new FlexiblePostgres(this, 'database', { config, group, network, suffix, cmk: keys?.postgres });
    const cache = new AzureManagedRedis(this, 'cache', { config, group, network, suffix });
    const storage = new AzureStorage(this, 'storage', { config, group, network, suffix, cmk: keys?.storage });
    const identity = new AzureWorkloadIdentity(this, 'identity', {
      config,
      group,
      cluster: aks.cluster,
      storageAccount: storage.account,
      keyVault: keyVault.vault,
    });

    // Secrets the chart syncs into braintrust-secrets, plus the bare credentials for `connect`.
    const functionSecret = new Password(this, 'function-secret-key', { length: 48, special: false });
    const license = azureLicenseKey(this, config);
    const postgresPassword = keyVault.secret('postgres-password', database.password.result, [database.server]);
    const redisKey = keyVault.secret('redis-access-key', cache.accessKey, [cache.redis]);
    const chartSecrets = [
      keyVault.secret('postgres-connection-string', database.url, [database.server]),
      keyVault.secret('redis-connection-string', cache.url, [cache.redis]),
      keyVault.secret('azure-storage-connection-string', storage.connectionString, [database.server]),
      keyVault.secret('function-secret-key', functionSecret.result, [database.server]),
      keyVault.secret('brainstore-license-key', license.value, [database.server], license.preconditions),
    ];

    // The API Service takes a fixed address in its own subnet. Browsers reach it over HTTPS
    // through Front Door (public, with Private Link) or an internal Application Gateway (private).
    const internalUrl = `http://${network.apiLbAddress}:${API_PORT}`;
    const apiUrl = frontDoor?.url ?? appGateway?.url ?? internalUrl;
    const dnsRecords: DnsRecord[] = frontDoor?.dnsRecords ?? appGateway?.dnsRecords ?? [];
    const values = helmValues(config, {
      cloud: 'azure',
      cloudValues: {
        tenantId: client.tenantId,
        enableAzureContainerStorageDriver: true,
        enableAzureKeyVaultDriver: true,
        keyVaultCSIclientID: identity.identity.clientId,
        keyVaultName: keyVault.vault.name,
      },
      apiServiceAccount: { azureClientId: identity.identity.clientId },
      brainstoreServiceAccount: { azureClientId: identity.identity.clientId },
      objectStorage: {
        azure: {
          storageAccountName: storage.account.name,
          brainstoreContainer: CONTAINERS.brainstore,
          responseContainer: CONTAINERS.responses,
          codeBundleContainer: CONTAINERS.codeBundles,
        },
      },
      apiServiceAnnotations: {
        'service.beta.kubernetes.io/azure-load-balancer-internal': 'true',
        'service.beta.kubernetes.io/azure-load-balancer-internal-subnet': network.apiLbSubnet.name,
        'service.beta.kubernetes.io/azure-load-balancer-ipv4': network.apiLbAddress,
        ...frontDoor?.apiServiceAnnotations,
      },
      apiEnvRefs: { dataPlaneUrl: apiUrl },
      machineShape,
      extra: {
        azureKeyVaultDriver: {
          secrets: Object.entries(CHART_SECRETS).map(([keyVaultSecretName, kubernetesSecretKey]) => ({
            keyVaultSecretName,
            keyVaultSecretType: 'secret',
            kubernetesSecretKey,
          })),
        },
      },
    });
    const release = new AksRelease(this, 'release', {
      cluster: aks.cluster,
      values,
      // The pods reach Redis and Blob storage only through their private endpoints.
      dependsOn: [...aks.pools, aks.containerStorage, ...identity.grants, ...chartSecrets, cache.endpoint, storage.endpoint, keyVault.endpoint],
    });
    frontDoor?.afterRelease(release.braintrust);
    new AzureRemoteAccess(this, 'remote-access', config, group, aks.cluster);

    const outputs: Record<string, { value: unknown; description: string }> = {
      api_url: {
        value: apiUrl,
        description: frontDoor
          ? 'Data plane API over HTTPS through Azure Front Door'
          : appGateway
            ? 'Data plane API over HTTPS through the internal Application Gateway (reachable from your network)'
            : 'Data plane API on its internal load balancer',
      },
      api_internal_url: { value: internalUrl, description: 'Data plane API on its internal load balancer (reachable from the VNet)' },
      region: { value: config.region!, description: 'Azure region' },
      resource_group: { value: group.name, description: 'Resource group holding the data plane' },
      cluster_name: { value: aks.cluster.name, description: 'AKS cluster' },
      kube_context: { value: aks.cluster.name, description: 'kubectl context created by `az aks get-credentials`' },
      namespace: { value: NAMESPACE, description: 'Kubernetes namespace of the data plane' },
      postgres_host: { value: database.server.fqdn, description: 'PostgreSQL Flexible Server (private DNS name)' },
      postgres_port: { value: POSTGRES_PORT, description: 'PostgreSQL port' },
      postgres_secret_id: { value: postgresPassword.versionlessId, description: 'Key Vault secret with the database password' },
      redis_host: { value: cache.host, description: 'Azure Managed Redis host (private endpoint)' },
      redis_port: { value: cache.port, description: 'Redis port (TLS)' },
      redis_secret_id: { value: redisKey.versionlessId, description: 'Key Vault secret with the Redis access key' },
      storage_account: { value: storage.account.name, description: 'Storage account' },
      brainstore_bucket: { value: CONTAINERS.brainstore, description: 'Brainstore container' },
      response_bucket: { value: CONTAINERS.responses, description: 'API responses container' },
      code_bundle_bucket: { value: CONTAINERS.codeBundles, description: 'Code bundles container' },
    };
    if (frontDoor) {
      outputs.front_door_hostname = { value: frontDoor.endpoint.hostName, description: 'Front Door endpoint hostname (the CNAME target for ingress.domain)' };
      outputs.private_link_service_id = { value: frontDoor.privateLinkServiceId, description: "Private Link Service AKS creates for the API; install approves Front Door's connection to it" };
    }
    if (appGateway) outputs.app_gateway_address = { value: appGateway.address, description: 'Private address of the Application Gateway (the A record for ingress.domain)' };
    // "<name> <type> <value>" lines, as on GCP (src/deploy/ingress-dns.ts reads them, install prints them).
    if (dnsRecords.length) {
      outputs.dns_records = {
        value: dnsRecords.map((r) => `${r.name} ${r.type} ${r.value}`),
        description: appGateway ? 'DNS record to create in your private DNS for ingress.domain' : 'DNS records to create for ingress.domain (TXT validates the managed certificate)',
      };
    }
    for (const [name, o] of Object.entries(outputs)) {
      // Output names are a contract (outputs.json); ids are prefixed to stay clear of other ids.
      new TerraformOutput(this, `output-${name}`, o).overrideLogicalId(name);
    }
  }
}

export function buildStack(app: App, config: Config): TerraformStack {
  return new AzureDataPlaneStack(app, config.name, config);
}
