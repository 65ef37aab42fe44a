// AWS regions where Braintrust publishes the data plane's Lambda builds (official module v6.6.0
// supported_regions): the stack reads s3://braintrust-assets-<region>/lambda/… at plan time, so
// any other region fails. Config validation refuses it (exit 2) before anything is synthesized.
export const LAMBDA_ASSET_REGIONS = [
  'ap-northeast-1',
  'ap-south-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-2',
] as const;

export function awsRegionProblem(region: string): string | undefined {
  if ((LAMBDA_ASSET_REGIONS as readonly string[]).includes(region)) return undefined;
  return `Braintrust publishes the data plane's Lambda code only in ${LAMBDA_ASSET_REGIONS.join(', ')}: pick one of these, or contact Braintrust support to add a region`;
}
