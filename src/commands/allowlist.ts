// `braintrust allowlist`: the URLs a firewall must allow for this deployment, each with who
// needs it and why (self-hosting advanced, "Allow-list URLs"). Image and code sources follow
// the official modules: Lambda code from s3://braintrust-assets-<region>, images and the Helm
// chart from public.ecr.aws/braintrust. AI providers are needed only for the AI proxy.
import { ingressMode } from '../config/ingress-schema.js';
import type { Handler } from '../context.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { readOutputs } from '../terraform/deployment-state.js';

export interface AllowEntry {
  url: string;
  /** Who connects: SDKs (users' machines and CI), browsers, the data plane, or the deploy (apply / image pulls). */
  from: 'sdk' | 'browser' | 'data-plane' | 'deploy';
  required: boolean;
  why: string;
}

/** AI providers the API's AI proxy forwards to; each only if your org uses it. */
export const AI_PROVIDERS: [string, string][] = [
  ['https://api.openai.com', 'OpenAI'],
  ['https://api.anthropic.com', 'Anthropic'],
  ['https://generativelanguage.googleapis.com', 'Google Gemini'],
  ['https://<region>-aiplatform.googleapis.com', 'Google Vertex AI'],
  ['https://bedrock-runtime.<region>.amazonaws.com', 'AWS Bedrock'],
  ['https://<resource>.openai.azure.com', 'Azure OpenAI'],
  ['https://api.mistral.ai', 'Mistral'],
  ['https://api.groq.com', 'Groq'],
  ['https://api.together.xyz', 'Together AI'],
  ['https://api.fireworks.ai', 'Fireworks'],
  ['https://api.perplexity.ai', 'Perplexity'],
  ['https://api.x.ai', 'xAI'],
  ['https://api.deepseek.com', 'DeepSeek'],
];

const ECR = 'https://public.ecr.aws';

/** Who can reach the API, from ingress: private = only inside the network; allowedCidrs = only those ranges. */
function ingressReach(config: Config): string {
  const mode = ingressMode(config);
  const cidrs = config.ingress.allowedCidrs.length ? ` from ${config.ingress.allowedCidrs.join(', ')}` : '';
  if (mode === 'private') return ` (ingress.mode private: reachable only inside your network${cidrs})`;
  return cidrs ? ` (ingress.allowedCidrs: reachable only${cidrs})` : '';
}

/** Pure: config and stack outputs in, the allow-list out. */
export function allowlistFor(config: Config, outputs: Record<string, unknown> = {}): AllowEntry[] {
  const apiUrl = typeof outputs.api_url === 'string' ? outputs.api_url : undefined;
  const proxied = config.urls.proxyControlPlane;
  const entries: AllowEntry[] = [
    { url: config.urls.appUrl, from: 'data-plane', required: true, why: 'control plane: the API checks auth and org metadata there and sends telemetry to it (urls.appUrl)' },
    proxied
      ? { url: config.urls.appUrl, from: 'browser', required: true, why: 'control plane web app for users; SDKs do not need it (urls.proxyControlPlane: the data plane proxies it)' }
      : { url: config.urls.appUrl, from: 'sdk', required: true, why: 'control plane: SDKs look up the data plane URL and register experiments there' },
    { url: apiUrl ?? '<data plane API URL, known after install>', from: 'sdk', required: true, why: `data plane API: SDKs and the web app (users' browsers) send and read data here${ingressReach(config)}` },
  ];
  if (config.urls.publicUrl && config.urls.publicUrl !== config.urls.appUrl) {
    entries.push({ url: config.urls.publicUrl, from: 'browser', required: false, why: 'web app URL printed by SDKs (BRAINTRUST_APP_PUBLIC_URL); display only' });
  }
  if (config.cloud === 'aws') {
    const region = config.region ?? '<region>';
    entries.push(
      { url: `https://braintrust-assets-${region}.s3.${region}.amazonaws.com`, from: 'deploy', required: true, why: 'Lambda code packages (lambda/<function>/version-<release>) the API functions are created from' },
      { url: ECR, from: 'deploy', required: true, why: 'Brainstore images (public.ecr.aws/braintrust/brainstore) pulled by the Brainstore instances' },
    );
  } else if (config.cloud === 'docker') {
    entries.push({ url: ECR, from: 'deploy', required: true, why: 'API and Brainstore images (public.ecr.aws/braintrust/standalone-api, brainstore) pulled by docker compose' });
  } else {
    entries.push({ url: ECR, from: 'deploy', required: true, why: 'API and Brainstore images pulled by the Kubernetes nodes, and the Helm chart (oci://public.ecr.aws/braintrust/helm/braintrust) installed on apply' });
  }
  for (const [url, name] of AI_PROVIDERS) {
    entries.push({ url, from: 'data-plane', required: false, why: `${name}: only needed for the AI proxy / playground with this provider` });
  }
  return entries;
}

export const run: Handler = async (ctx) => {
  const loaded = await loadConfig(ctx.globals.config);
  const outputs = (await readOutputs(loaded.path)) ?? {};
  const entries = allowlistFor(loaded.config, outputs);
  ctx.io.emit('allowlist.entries', { cloud: loaded.config.cloud, entries, apiUrlKnown: Boolean(outputs.api_url) });
  return 0;
};
