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

export const show: Handler = async (ctx) => {
  const loaded = await loadConfig(ctx.globals.config);
  const { config } = loaded;
  const outputs = (await readOutputs(loaded.path)) ?? {};
  const dataPlaneUrl = typeof outputs.api_url === 'string' ? outputs.api_url : undefined;
  const env = appUrls(config, dataPlaneUrl ?? (config.urls.proxyControlPlane ? DATA_PLANE_URL_PLACEHOLDER : undefined));
  ctx.io.emit('url.settings', {
    cloud: config.cloud,
    appUrl: config.urls.appUrl,
    ...(config.urls.publicUrl !== undefined ? { publicUrl: config.urls.publicUrl } : {}),
    proxyControlPlane: config.urls.proxyControlPlane,
    ...(dataPlaneUrl !== undefined ? { dataPlaneUrl } : {}),
    ingress: { mode: ingressMode(config) ?? null, domain: config.ingress.domain ?? null },
    env,
  });
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
    ctx.io.emit('url.data-plane-url-pending');
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
