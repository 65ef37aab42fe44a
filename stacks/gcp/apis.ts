// The Google APIs the data plane needs, enabled by the stack. The official module asks users
// to run `gcloud services enable` for each by hand first (examples/braintrust-data-plane
// README); here every other Google resource depends on them, so one apply does it all.
import { Aspects, TerraformResource, TerraformDataSource, dependable, type IAspect, type TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { ProjectService } from '@cdktf/provider-google/lib/project-service/index.js';

export const REQUIRED_APIS = [
  'compute.googleapis.com',
  'container.googleapis.com',
  'sqladmin.googleapis.com',
  'servicenetworking.googleapis.com',
  'redis.googleapis.com',
  'secretmanager.googleapis.com',
  'cloudkms.googleapis.com',
  'storage.googleapis.com',
  'iam.googleapis.com',
  'iamcredentials.googleapis.com',
  'cloudresourcemanager.googleapis.com',
] as const;

/** Make every Google resource and data source wait for the APIs. */
class AfterApis implements IAspect {
  constructor(private readonly services: ProjectService[]) {}
  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource || node instanceof TerraformDataSource)) return;
    if (node instanceof ProjectService || !node.terraformResourceType.startsWith('google_')) return;
    if (node.terraformResourceType === 'google_client_config') return; // reads credentials only
    const ids = this.services.map((s) => dependable(s));
    node.dependsOn = [...new Set([...(node.dependsOn ?? []), ...ids])];
  }
}

export function enableApis(stack: TerraformStack, projectId: string): ProjectService[] {
  const services = REQUIRED_APIS.map((api) =>
    new ProjectService(stack, `api-${api.split('.')[0]}`, {
      project: projectId,
      service: api,
      // Other workloads in the project may use these APIs: never switch them off on destroy.
      disableOnDestroy: false,
      disableDependentServices: false,
    }),
  );
  Aspects.of(stack).add(new AfterApis(services));
  return services;
}
