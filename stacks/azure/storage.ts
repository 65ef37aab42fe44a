// Storage account with the chart's containers brainstore / responses / code-bundles (official
// module modules/storage): Premium block blobs, TLS 1.2, no shared keys (pods use workload
// identity), no public blob access, infrastructure (double) encryption, private endpoint for
// the pods, public network access for signed URLs (as the module).
import { Construct } from 'constructs';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account/index.js';
import { StorageContainer } from '@cdktf/provider-azurerm/lib/storage-container/index.js';
import type { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group/index.js';
import type { Config } from '../../src/config/schema.js';
import { tagsFor } from '../common/naming.js';
import type { AzureNetwork } from './network.js';
import { privateEndpoint } from './private-zone.js';
import type { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint/index.js';
import type { ServiceKey } from './encryption.js';
import { softDeleteRetentionDays, withBucketCorsOrigins } from '../common/scaling-env.js';

export const CONTAINERS = { brainstore: 'brainstore', responses: 'responses', codeBundles: 'code-bundles' } as const;

/** Account names: 3-24 lowercase letters and digits, global. */
export function storageAccountName(config: Config, suffix: string): string {
  return `${config.name.replace(/[^a-z0-9]/g, '').slice(0, 18)}${suffix}`;
}

/** Origins the official modules allow on the buckets (the hosted app and its previews). */
export const BRAINTRUST_ORIGINS = ['https://braintrust.dev', 'https://*.braintrust.dev', 'https://*.preview.braintrust.dev'];

/**
 * Browser origins of the Braintrust web app, which reads responses and uploads code bundles:
 * the official modules' origins plus the configured app URLs.
 */
export function webAppOrigins(config: Config): string[] {
  const urls = [config.urls.appUrl, config.urls.publicUrl].filter((u): u is string => !!u);
  return withBucketCorsOrigins(config, [...new Set([...BRAINTRUST_ORIGINS, ...urls.map((u) => new URL(u).origin)])]);
}

export interface AzureStorageProps {
  config: Config;
  group: ResourceGroup;
  network: AzureNetwork;
  suffix: string;
  /** Customer-managed key (production, as the official module); none: Microsoft-managed. */
  cmk?: ServiceKey;
}

export class AzureStorage extends Construct {
  readonly account: StorageAccount;
  /** The pods reach Blob storage through it: the release waits for it. */
  readonly endpoint: PrivateEndpoint;

  constructor(scope: Construct, id: string, props: AzureStorageProps) {
    super(scope, id);
    const { config, group, network, suffix, cmk } = props;
    const production = config.tier === 'production';
    this.account = new StorageAccount(this, 'account', {
      name: storageAccountName(config, suffix),
      resourceGroupName: group.name,
      location: group.location,
      // Block-blob only: no queue/file endpoints that terraform would probe over the data plane.
      accountKind: 'BlockBlobStorage',
      accountTier: 'Premium',
      accountReplicationType: production ? 'ZRS' : 'LRS',
      minTlsVersion: 'TLS1_2',
      httpsTrafficOnlyEnabled: true,
      allowNestedItemsToBePublic: false,
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      infrastructureEncryptionEnabled: true,
      // Reachable from outside the VNet, as the official module: browsers and SDKs use signed
      // URLs to responses and code bundles. Shared keys are off, so every request needs an Entra
      // ID token or a user-delegation SAS; the pods use the private endpoint.
      publicNetworkAccessEnabled: true,
      blobProperties: {
        deleteRetentionPolicy: { days: softDeleteRetentionDays(config) },
        containerDeleteRetentionPolicy: { days: softDeleteRetentionDays(config) },
        corsRule: [
          {
            allowedHeaders: ['*'],
            allowedMethods: ['GET', 'PUT', 'HEAD'],
            allowedOrigins: webAppOrigins(config),
            exposedHeaders: ['*'],
            maxAgeInSeconds: 3600,
          },
        ],
      },
      // Encryption with the service's key, as its identity (official modules/storage); the
      // versionless key id follows new key versions.
      identity: cmk ? { type: 'UserAssigned', identityIds: [cmk.identityId] } : undefined,
      customerManagedKey: cmk ? { keyVaultKeyId: cmk.key.versionlessId, userAssignedIdentityId: cmk.identityId } : undefined,
      tags: tagsFor(config),
      dependsOn: cmk ? [cmk.grant] : undefined,
    });
    // Containers are created through Azure Resource Manager (storage_account_id).
    for (const name of Object.values(CONTAINERS)) {
      new StorageContainer(this, `container-${name}`, {
        name,
        storageAccountId: this.account.id,
        containerAccessType: 'private',
      });
    }
    this.endpoint = privateEndpoint(this, {
      config,
      group,
      network,
      zoneId: 'blob-dns',
      zoneName: 'privatelink.blob.core.windows.net',
      service: 'blob',
      resourceId: this.account.id,
      subresource: 'blob',
    });
  }

  /** AZURE_STORAGE_CONNECTION_STRING without a key: the SDKs fall back to workload identity. */
  get connectionString(): string {
    return `BlobEndpoint=${this.account.primaryBlobEndpoint};`;
  }
}
