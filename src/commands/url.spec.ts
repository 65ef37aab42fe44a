// `braintrust url show|set`: metadata only (handlers in url.ts).
import { defineCommand, text, toggle, type GroupSpec, type OptionValues } from './registry.js';
import { changeOptions } from './common-options.js';

export const urlGroup: GroupSpec = { name: 'url', description: 'Show or change BRAINTRUST_APP_URL / BRAINTRUST_APP_PUBLIC_URL' };

export const urlShowCommand = defineCommand({
  name: 'url show',
  description: 'The control plane, public and data plane URLs and the SDK mode',
  load: async () => ({ run: (await import('./url.js')).show }),
});

const urlSetOptions = {
  appUrl: text('--app-url <url>', 'control plane URL (BRAINTRUST_APP_URL)'),
  publicUrl: text('--public-url <url>', 'web app URL shown to users (BRAINTRUST_APP_PUBLIC_URL); "" for none, "default" to follow the app URL'),
  proxyControlPlane: toggle('--proxy-control-plane', 'SDKs talk only to the data plane (BRAINTRUST_APP_URL = the data plane URL)',
    { flags: '--no-proxy-control-plane', description: 'SDKs talk to the control plane directly' }),
  ...changeOptions,
};

export const urlSetCommand = defineCommand({
  name: 'url set',
  description: 'Set the app URL, the public URL, or constrain SDKs to the data plane',
  options: urlSetOptions,
  load: async () => ({ run: (await import('./url.js')).set }),
});
export type UrlSetOptions = OptionValues<typeof urlSetOptions>;
