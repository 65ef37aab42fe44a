// Google service accounts for the API and Brainstore pods (official module modules/gke-iam),
// bound to their Kubernetes service accounts by Workload Identity, with object access on the
// deployment's buckets only. The API reads GCS natively (api.enableGcsAuth), so no HMAC key.
import { Construct } from 'constructs';
import type { TerraformResource } from 'cdktf';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account/index.js';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member/index.js';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member/index.js';
import type { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket/index.js';
import type { Config } from '../../src/config/schema.js';
import { API_SERVICE_ACCOUNT, BRAINSTORE_SERVICE_ACCOUNT, NAMESPACE } from '../common/helm-values.js';

/** Service account ids are 6-30 characters: shorten the deployment name, keep the suffix. */
export function serviceAccountId(config: Config, suffix: string): string {
  return `${config.name.slice(0, 29 - suffix.length).replace(/-+$/, '')}-${suffix}`;
}

export interface GcpIdentityProps {
  config: Config;
  projectId: string;
  brainstoreBucket: StorageBucket;
  apiBucket: StorageBucket;
}

export class GcpWorkloadIdentity extends Construct {
  readonly api: ServiceAccount;
  readonly brainstore: ServiceAccount;
  /** Workload Identity and bucket bindings: the pods need them before they start. */
  readonly bindings: TerraformResource[] = [];

  constructor(scope: Construct, id: string, props: GcpIdentityProps) {
    super(scope, id);
    const { config, projectId, brainstoreBucket, apiBucket } = props;
    const account = (name: string, kubernetesAccount: string, buckets: Record<string, StorageBucket>) => {
      const sa = new ServiceAccount(this, name, {
        accountId: serviceAccountId(config, name),
        displayName: `${config.name} ${kubernetesAccount}`,
        description: `Braintrust ${kubernetesAccount} pods (Workload Identity)`,
      });
      const wi = new ServiceAccountIamMember(this, `${name}-workload-identity`, {
        serviceAccountId: sa.name,
        role: 'roles/iam.workloadIdentityUser',
        member: `serviceAccount:${projectId}.svc.id.goog[${NAMESPACE}/${kubernetesAccount}]`,
      });
      this.bindings.push(wi);
      for (const [bucketName, bucket] of Object.entries(buckets)) {
        // Objects read/write, plus bucket metadata (storage.buckets.get) as the official module
        // grants with legacyBucketReader. objectUser instead of the module's objectAdmin: with
        // uniform bucket-level access there are no object ACLs to manage.
        this.bindings.push(
          new StorageBucketIamMember(this, `${name}-${bucketName}-objects`, {
            bucket: bucket.name,
            role: 'roles/storage.objectUser',
            member: `serviceAccount:${sa.email}`,
          }),
          new StorageBucketIamMember(this, `${name}-${bucketName}-bucket-reader`, {
            bucket: bucket.name,
            role: 'roles/storage.legacyBucketReader',
            member: `serviceAccount:${sa.email}`,
          }),
        );
      }
      return sa;
    };
    // The API writes responses and code bundles, and Brainstore's realtime WAL.
    this.api = account('api', API_SERVICE_ACCOUNT, { api: apiBucket, brainstore: brainstoreBucket });
    // Brainstore reads code bundles and keeps its response cache in the API bucket
    // (BRAINSTORE_CODE_BUNDLE_URI, BRAINSTORE_RESPONSE_CACHE_URI: chart brainstore configmaps).
    this.brainstore = account('brainstore', BRAINSTORE_SERVICE_ACCOUNT, { brainstore: brainstoreBucket, api: apiBucket });
    // Signed URLs under native GCS auth are signed by the API's own account through the IAM
    // signBlob API: it needs Token Creator on itself (official module gke-iam).
    this.bindings.push(
      new ServiceAccountIamMember(this, 'api-token-creator', {
        serviceAccountId: this.api.name,
        role: 'roles/iam.serviceAccountTokenCreator',
        member: `serviceAccount:${this.api.email}`,
      }),
    );
  }
}
