// support-grants: time-boxed support-access grants (config remoteAccess.grants) that expired
// but are still in the config, so the access they created is still deployed.
import { fail, needConfig, pass, type DoctorCheck } from '../types.js';

export const supportGrantsCheck: DoctorCheck = {
  id: 'support-grants',
  group: 'policy',
  title: 'Expired support-access grants',
  fix: 'Run `braintrust support-access revoke --principal <who>` for each expired grant (or without --principal for all): it removes them from the config and applies, revoking the access.',
  async run(dc) {
    const grants = needConfig(dc).remoteAccess.grants;
    const now = dc.now.getTime();
    const expired = grants.filter((g) => Date.parse(g.expiresAt) <= now);
    const who = (g: (typeof grants)[number]) => `${g.principal ?? 'Braintrust support'} (${g.reason})`;
    if (expired.length) {
      return fail(`${expired.length} expired grant(s) still present: ${expired.map((g) => `${who(g)} expired ${g.expiresAt}`).join('; ')}`, this.fix);
    }
    const active = grants.filter((g) => Date.parse(g.expiresAt) > now);
    if (!active.length) return pass('no support-access grants');
    return pass(`${active.length} active grant(s): ${active.map((g) => `${who(g)} until ${g.expiresAt}`).join('; ')}`);
  },
};
