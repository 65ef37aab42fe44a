// Cloud SQL's service agent (service-<project number>@gcp-sa-cloud-sql.iam.gserviceaccount.com),
// which encrypts the instance with the deployment's key. Unlike the Memorystore, GKE and Compute
// agents, Google creates it on demand only: a grant to its address fails ("service account does
// not exist") on a project that never had a Cloud SQL CMEK instance. The one way to create it
// from Terraform is google_project_service_identity (Service Usage generateServiceIdentity, a
// v1beta1 API), which only the google-beta provider has. So, as the official module
// (modules/database), this one resource runs on google-beta, pinned to the google provider's
// version; everything else stays on the GA provider. No binding is loaded for it: the provider
// block and the resource are declared here directly.
import { Construct } from 'constructs';
import { TerraformProvider, TerraformResource } from 'cdktf';
import { GOOGLE_PROVIDER_VERSION } from './provider-version.js';

export const GOOGLE_BETA = 'google-beta';

class GoogleBetaProvider extends TerraformProvider {
  constructor(scope: Construct, id: string, private readonly settings: { project: string; region?: string }) {
    super(scope, id, {
      terraformResourceType: GOOGLE_BETA,
      terraformGeneratorMetadata: { providerName: GOOGLE_BETA, providerVersion: GOOGLE_PROVIDER_VERSION },
      terraformProviderSource: `hashicorp/${GOOGLE_BETA}`,
    });
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { project: this.settings.project, region: this.settings.region };
  }
}

class ProjectServiceIdentity extends TerraformResource {
  constructor(scope: Construct, id: string, provider: TerraformProvider, private readonly service: string) {
    super(scope, id, {
      terraformResourceType: 'google_project_service_identity',
      terraformGeneratorMetadata: { providerName: GOOGLE_BETA, providerVersion: GOOGLE_PROVIDER_VERSION },
      provider,
    });
  }

  get email(): string {
    return this.getStringAttribute('email');
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { service: this.service };
  }
}

/** The Cloud SQL service agent's address, created if the project does not have it yet. */
export function cloudSqlServiceAgent(scope: Construct, projectId: string, region?: string): string {
  const provider = new GoogleBetaProvider(scope, GOOGLE_BETA, { project: projectId, region });
  return new ProjectServiceIdentity(scope, 'cloud-sql-agent', provider, 'sqladmin.googleapis.com').email;
}
