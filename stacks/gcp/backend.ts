// Where the GCP stack keeps its Terraform state: a local file or a GCS bucket.
import { GcsBackend, LocalBackend, type TerraformStack } from 'cdktf';
import type { Config } from '../../src/config/schema.js';

export function configureBackend(stack: TerraformStack, config: Config): void {
  const state = config.state;
  switch (state.backend) {
    case 'local':
      // Relative to the stack directory terraform runs in (cdktf would otherwise write cwd).
      new LocalBackend(stack, { path: state.path ?? 'terraform.tfstate' });
      return;
    case 'gcs':
      new GcsBackend(stack, { bucket: state.bucket, prefix: state.prefix });
      return;
    default:
      throw new Error(`state.backend ${state.backend} is not available on GCP: use local or gcs`);
  }
}
