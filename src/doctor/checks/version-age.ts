// version-age: the running data plane release against the upgrade policy (update monthly,
// at least quarterly): warn past 30 days behind, fail past 90. The policy itself is
// src/upgrade/policy.ts, shared with `braintrust upgrade --check`.
import { loadManifest } from '../../upgrade/manifest.js';
import { checkUpgradePolicy } from '../../upgrade/policy.js';
import { fail, needConfig, pass, warn, type DoctorCheck } from '../types.js';

export const versionAgeCheck: DoctorCheck = {
  id: 'version-age',
  group: 'policy',
  title: 'Data plane version age',
  fix: 'Run `braintrust upgrade --check` to see the upgrade plan, then `braintrust upgrade`.',
  async run(dc, signal) {
    const config = needConfig(dc);
    const manifest = await loadManifest(dc.live.manifest, { cwd: dc.cwd, signal });
    const r = checkUpgradePolicy(config.version, manifest, dc.history, dc.now);
    const hint = `Upgrade to ${r.latest} (${r.latestDate}): \`braintrust upgrade --check\`, then \`braintrust upgrade\`.`;
    if (r.status === 'fail') return fail(r.message, hint);
    if (r.status === 'warn') return warn(r.message, hint);
    return pass(r.message);
  },
};
