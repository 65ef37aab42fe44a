// `networking:` in braintrust.yaml: the connectivity settings of the self-hosting docs
// (configure/networking) that are not the ingress endpoint itself (ingress-schema.ts owns the
// CloudFront/Front Door timeout, custom domain, certificate, WAF and TLS minimum). Facts from the
// official AWS module v6.6.0 (variables.tf, modules/storage, modules/api-ecs/alb.tf), the GCP
// module (gcs_additional_allowed_origins) and the KB article
// kb/ui-experiment-timeout-configuration-for-self-hosted-k8s.
import { z } from 'zod';
import { deployedRuntimes } from './api-runtime.js';

/** The API's default code-function execution timeout, seconds (KB article; Lambda's 15 minutes). */
export const DEFAULT_CODE_FUNCTION_TIMEOUT_S = 900;
/** The longest code-function run the AWS targets can carry: Lambda's 15 minutes, and the API ALB's fixed 900 s idle timeout. */
export const AWS_MAX_CODE_FUNCTION_TIMEOUT_S = 900;
/** An upper bound that catches typos (a day); load balancers in front must be raised to match. */
export const MAX_CODE_FUNCTION_TIMEOUT_S = 86_400;

/** A bucket CORS origin: scheme and host, wildcards allowed in the host (the official modules accept them). */
const bucketOrigin = z.string().regex(/^https?:\/\/[A-Za-z0-9*][A-Za-z0-9*.-]*(:\d{1,5})?$/, {
  message: 'an origin like https://app.example.com or https://*.example.com (scheme and host, optional port, no path)',
});

export const networkingSchema = z.strictObject({
  codeFunctionTimeoutSeconds: z
    .number()
    .int()
    .min(1)
    .max(MAX_CODE_FUNCTION_TIMEOUT_S)
    .optional()
    .describe(`CODE_FUNCTION_EXECUTION_TIMEOUT_S: longest run of a code function (scorer, tool) started from the UI, seconds; unset: the API default ${DEFAULT_CODE_FUNCTION_TIMEOUT_S}. AWS: at most ${AWS_MAX_CODE_FUNCTION_TIMEOUT_S} (Lambda limit). Above 900 on Kubernetes, raise your own proxies' read/send and idle timeouts to at least this`),
  bucketCorsOrigins: z
    .array(bucketOrigin)
    .default([])
    .describe('Extra browser origins allowed (CORS) on the code-bundle and responses buckets, beside https://braintrust.dev, https://*.braintrust.dev and the app URLs: AWS s3_additional_allowed_origins, GCP gcs_additional_allowed_origins, Azure Blob CORS. Wildcards in the host are allowed'),
  albDropInvalidHeaderFields: z
    .boolean()
    .optional()
    .describe('AWS with api.runtime ecs: the API load balancer drops HTTP headers whose names are not valid (braintrust_api_alb_drop_invalid_header_fields; default false)'),
});

export type NetworkingConfig = z.output<typeof networkingSchema>;

type Issue = { path: (string | number)[]; message: string };

/** Per-cloud networking rules: exit 2 naming the fields. */
export function networkingIssues(c: { cloud: string; api: Parameters<typeof deployedRuntimes>[0]['api']; networking: NetworkingConfig }): Issue[] {
  const n = c.networking;
  const issues: Issue[] = [];
  if (c.cloud === 'aws' && n.codeFunctionTimeoutSeconds !== undefined && n.codeFunctionTimeoutSeconds > AWS_MAX_CODE_FUNCTION_TIMEOUT_S) {
    issues.push({
      path: ['networking', 'codeFunctionTimeoutSeconds'],
      message: `${n.codeFunctionTimeoutSeconds} is above what AWS can run: code functions run in Lambda (15 minutes at most) behind a load balancer with a 900 s idle timeout; use 1-${AWS_MAX_CODE_FUNCTION_TIMEOUT_S}`,
    });
  }
  if (n.albDropInvalidHeaderFields !== undefined && (c.cloud !== 'aws' || !deployedRuntimes(c).has('ecs'))) {
    issues.push({
      path: ['networking', 'albDropInvalidHeaderFields'],
      message: c.cloud === 'aws'
        ? 'the API has an Application Load Balancer only on the ECS runtime: set api.runtime to ecs (or run `braintrust upgrade --api-runtime ecs`), or remove networking.albDropInvalidHeaderFields'
        : `${c.cloud} deployments have no AWS Application Load Balancer: remove networking.albDropInvalidHeaderFields`,
    });
  }
  if (c.cloud === 'docker' && n.bucketCorsOrigins.length) {
    issues.push({
      path: ['networking', 'bucketCorsOrigins'],
      message: 'docker deployments keep their buckets on localhost (MinIO) with no browser access to configure: remove networking.bucketCorsOrigins',
    });
  }
  return issues;
}
