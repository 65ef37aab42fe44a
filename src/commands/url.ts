// `braintrust url show|set`: BRAINTRUST_APP_URL and BRAINTRUST_APP_PUBLIC_URL (self-hosting
// advanced, "Customizing the webapp URL" and "Constraining SDK to the data plane"). With
// --proxy-control-plane the data plane proxies the control plane endpoints the SDKs use, so
// SDKs talk only to it: BRAINTRUST_APP_URL = the data plane URL, BRAINTRUST_APP_PUBLIC_URL =
// "" (or the web app URL, only displayed).
import { ingressMode } from '../config/ingress-schema.js';
import type { Handler } from '../context.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { readOutputs } from '../terraform/deployment-state.js';
import { appUrls } from '../../stacks/common/api-env.js';
import { usageError } from '../ui/errors.js';
import { changeSettings, DATA_PLANE_URL_PLACEHOLDER } from '../deploy/settings-change.js';
import type { UrlSetOptions } from './url.spec.js';

function checkUrl(flag: string, value: string): string {
  let u: URL | undefined;
  try {
    u = new URL(value);
  } catch {
    u = undefined;
  }
  if (!u || !/^https?:$/.test(u.protocol)) {
    throw usageError(`${flag} ${JSON.stringify(value)} is not allowed`, `Pass an absolute http(s) URL such as https://www.braintrust.dev${flag === '--public-url' ? ', "" for none, or "default" to follow the app URL' : ''}.`);
  }
  return value;
}

export function describeUrls(config: Config, dataPlaneUrl?: string): string {
  const { appUrl, publicUrl } = appUrls(config, dataPlaneUrl ?? (config.urls.proxyControlPlane ? DATA_PLANE_URL_PLACEHOLDER : undefined));
  const mode = config.urls.proxyControlPlane ? 'SDKs constrained to the data plane' : 'SDKs reach the control plane directly';
  return `${mode}: BRAINTRUST_APP_URL=${appUrl}, BRAINTRUST_APP_PUBLIC_URL=${JSON.stringify(publicUrl)}`;
}

/** ingress mode and domain, as `url show` prints them. */
function describeIngress(config: Config): string {
  const mode = ingressMode(config);
  if (!mode) return config.cloud === 'docker' ? 'none (localhost)' : 'none (internal endpoint)';
  return `${mode}${config.ingress.domain ? `, domain ${config.ingress.domain}` : ''}`;
}

export const show: Handler = async (ctx) => {
  const loaded = await loadConfig(ctx.globals.config);
  const { config } = loaded;
  const outputs = (await readOutputs(loaded.path)) ?? {};
  const dataPlaneUrl = typeof outputs.api_url === 'string' ? outputs.api_url : undefined;
  const env = appUrls(config, dataPlaneUrl ?? (config.urls.proxyControlPlane ? DATA_PLANE_URL_PLACEHOLDER : undefined));
  ctx.out.result({
    ok: true,
    appUrl: config.urls.appUrl,
    publicUrl: config.urls.publicUrl ?? null,
    proxyControlPlane: config.urls.proxyControlPlane,
    dataPlaneUrl: dataPlaneUrl ?? null,
    ingress: { mode: ingressMode(config) ?? null, domain: config.ingress.domain ?? null },
    env: { BRAINTRUST_APP_URL: env.appUrl, BRAINTRUST_APP_PUBLIC_URL: env.publicUrl },
  });
  ctx.out.table(['setting', 'value'], [
    ['control plane (urls.appUrl)', config.urls.appUrl],
    ['public web app (urls.publicUrl)', config.urls.publicUrl === undefined ? '(default)' : JSON.stringify(config.urls.publicUrl)],
    ['data plane API URL', dataPlaneUrl ?? '(not deployed yet: from the stack outputs after install)'],
    ['ingress', describeIngress(config)],
  ]);
  ctx.out.print(config.urls.proxyControlPlane
    ? 'Mode: SDKs are constrained to the data plane, which proxies the control plane endpoints.'
    : 'Mode: SDKs talk to the control plane directly (pass `url set --proxy-control-plane` to constrain them to the data plane).');
  ctx.out.print(`  BRAINTRUST_APP_URL=${env.appUrl}`);
  ctx.out.print(`  BRAINTRUST_APP_PUBLIC_URL=${JSON.stringify(env.publicUrl)}`);
  return 0;
};

export const set: Handler<UrlSetOptions> = async (ctx, opts) => {
  const appUrl = opts.appUrl === undefined ? undefined : checkUrl('--app-url', opts.appUrl);
  const publicUrl = opts.publicUrl === undefined || opts.publicUrl === '' || opts.publicUrl === 'default' ? opts.publicUrl : checkUrl('--public-url', opts.publicUrl);
  if (appUrl === undefined && publicUrl === undefined && opts.proxyControlPlane === undefined) {
    throw usageError('Nothing to set', 'Pass --app-url URL, --public-url URL|""|default, and/or --proxy-control-plane / --no-proxy-control-plane.');
  }
  const outputs = (await readOutputs(ctx.globals.config)) ?? {};
  const dataPlaneUrl = typeof outputs.api_url === 'string' ? outputs.api_url : undefined;
  if (opts.proxyControlPlane && !dataPlaneUrl) {
    ctx.out.info('BRAINTRUST_APP_URL will be the data plane URL the stack creates (not known until it is deployed).');
  }
  return changeSettings(ctx, opts, {
    action: 'url',
    summary: (c) => describeUrls(c, dataPlaneUrl),
    edit: (raw) => {
      const urls = { ...raw.urls };
      if (appUrl !== undefined) urls.appUrl = appUrl;
      if (publicUrl === 'default') delete urls.publicUrl;
      else if (publicUrl !== undefined) urls.publicUrl = publicUrl;
      if (opts.proxyControlPlane !== undefined) urls.proxyControlPlane = opts.proxyControlPlane;
      raw.urls = urls;
    },
  });
};

export const run = show;
