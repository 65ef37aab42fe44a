// `braintrust support-access grant|revoke|status`: metadata only (handlers in support-access.ts).
import { defineCommand, text, type GroupSpec, type OptionValues } from './registry.js';
import { changeOptions } from './common-options.js';

export const supportAccessGroup: GroupSpec = { name: 'support-access', description: 'Time-boxed remote access for the Braintrust support team' };

const supportAccessGrantOptions = {
  duration: text('--duration <duration>', 'how long, e.g. 8h, 2d (at most 7d)', '8h'),
  reason: text('--reason <text>', 'why (recorded in the config and history)'),
  principal: text('--principal <id>', 'who: AWS account/role ARN, GCP member, or Azure Entra object id (required on Azure)'),
  ...changeOptions,
};

export const supportAccessGrantCommand = defineCommand({
  name: 'support-access grant',
  description: 'Give Braintrust support time-boxed access (config -> synth -> apply)',
  options: supportAccessGrantOptions,
  load: async () => ({ run: (await import('./support-access.js')).grant }),
});
export type SupportAccessGrantOptions = OptionValues<typeof supportAccessGrantOptions>;

const supportAccessRevokeOptions = { principal: text('--principal <id>', 'revoke only this principal'), ...changeOptions };

export const supportAccessRevokeCommand = defineCommand({
  name: 'support-access revoke',
  description: 'Remove support access (all grants, or one --principal) and apply',
  options: supportAccessRevokeOptions,
  load: async () => ({ run: (await import('./support-access.js')).revoke }),
});
export type SupportAccessRevokeOptions = OptionValues<typeof supportAccessRevokeOptions>;

export const supportAccessStatusCommand = defineCommand({
  name: 'support-access status',
  description: 'Who can get in, and until when',
  load: async () => ({ run: (await import('./support-access.js')).status }),
});
