// Where Braintrust publishes the Lambda builds: s3://braintrust-assets-<region>/lambda/<fn>/
// version-<tag> is a small text object whose body is the key of the zip for that release
// (official module modules/services/main.tf reads it with the http data source). Terraform
// reads it at plan time; the stack itself stays pure.
import { Construct } from 'constructs';
import { Fn, TerraformDataSource, TerraformProvider, TerraformStack } from 'cdktf';
import type { Config } from '../../src/config/schema.js';
import { imageTag } from './versions.js';
import { awsRegionProblem } from '../../src/config/aws-regions.js';

export const HTTP_PROVIDER = { source: 'hashicorp/http', version: '~> 3.4' } as const;

import { LAMBDA_ASSET_REGIONS } from '../../src/config/aws-regions.js';

export { LAMBDA_ASSET_REGIONS };

/** Internal invariant: config validation refuses other regions before synth. */
export function assertSupportedRegion(region: string): void {
  const problem = awsRegionProblem(region);
  if (problem) throw new Error(`region: ${region} is not allowed for cloud aws: ${problem}.`);
}

export function lambdaAssetBucket(region: string): string {
  return `braintrust-assets-${region}`;
}

export function lambdaVersionPointerUrl(region: string, fn: string, tag: string): string {
  return `https://${lambdaAssetBucket(region)}.s3.${region}.amazonaws.com/lambda/${fn}/version-${tag}`;
}

/** The hashicorp/http provider (no CDKTF binding in this project): declared once per stack. */
class HttpProvider extends TerraformProvider {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: 'http',
      terraformGeneratorMetadata: { providerName: 'http', providerVersionConstraint: HTTP_PROVIDER.version },
      terraformProviderSource: HTTP_PROVIDER.source,
    });
  }
}

function httpProvider(scope: Construct): TerraformProvider {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild('http');
  return existing instanceof TerraformProvider ? existing : new HttpProvider(stack, 'http');
}

/** data "http": written directly, like the provider. */
class HttpData extends TerraformDataSource {
  constructor(scope: Construct, id: string, private readonly url: string) {
    super(scope, id, {
      provider: httpProvider(scope),
      terraformResourceType: 'http',
      terraformGeneratorMetadata: { providerName: 'http', providerVersionConstraint: HTTP_PROVIDER.version },
      lifecycle: {
        postcondition: [
          {
            condition: '${self.status_code == 200}',
            errorMessage: `No Braintrust Lambda build at ${url}: check the version, and that the region is one of ${LAMBDA_ASSET_REGIONS.join(', ')}.`,
          },
        ],
      },
    });
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    // A transient network error must not fail the whole plan: retry with backoff (official
    // module data.http.lambda_versions).
    return { url: this.url, request_timeout_ms: 10000, retry: { attempts: 5, min_delay_ms: 500, max_delay_ms: 5000 } };
  }

  get responseBody(): string {
    return this.getStringAttribute('response_body');
  }
}

export interface LambdaCode {
  s3Bucket: string;
  s3Key: string;
}

/** The S3 location of a Braintrust Lambda build for config.version. */
export function lambdaCode(scope: Construct, fn: string, config: Config): LambdaCode {
  const region = config.region ?? '';
  const pointer = new HttpData(scope, `${fn}_version`, lambdaVersionPointerUrl(region, fn, imageTag(config)));
  return { s3Bucket: lambdaAssetBucket(region), s3Key: Fn.trimspace(pointer.responseBody) };
}
