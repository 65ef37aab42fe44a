// The AWS provider version the synthesized configuration asks for. The @cdktf/provider-aws
// binding pins the version it was generated from (6.25.0); the stack needs arguments newer than
// that (aws_lambda_permission.invoked_via_function_url, 6.29.0), set by override, so the
// constraint is raised to a floor instead of the binding's exact pin.
import type { TerraformStack } from 'cdktf';

/** Lowest AWS provider with every argument this stack sets (invoked_via_function_url: 6.29.0). */
export const AWS_PROVIDER_CONSTRAINT = '>= 6.29.0';

export function raiseAwsProviderConstraint(stack: TerraformStack): void {
  stack.addOverride('terraform.required_providers.aws.version', AWS_PROVIDER_CONSTRAINT);
}
