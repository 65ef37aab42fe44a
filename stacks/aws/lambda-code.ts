// Where Braintrust publishes the Lambda builds: s3://braintrust-assets-<region>/lambda/<fn>/
// version-<tag> is a small text object whose body is the key of the zip for that release
// (official module modules/services/main.tf reads it with the http data source). Terraform
// reads it at plan time; the stack itself stays pure.
import { Construct } from 'constructs';
import { Fn, TerraformDataSource, TerraformProvider, TerraformStack } from 'cdktf';
import type { Config } from '../../src/config/schema.js';
import { imageTag } from './versions.js';

export const HTTP_PROVIDER = { source: 'hashicorp/http', version: '~> 3.4' } as const;

/** Lambda code is only published in these regions (official module v6.6.0 supported_regions). */
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

/** Refuses a region without Braintrust's Lambda builds, before anything is planned. */
export function assertSupportedRegion(region: string): void {
  if (!(LAMBDA_ASSET_REGIONS as readonly string[]).includes(region)) {
    throw new Error(
      `region: ${region} is not allowed for cloud aws: Braintrust publishes the data plane's Lambda code only in ${LAMBDA_ASSET_REGIONS.join(', ')}. Pick one of these, or contact Braintrust support to add a region.`,
    );
  }
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
