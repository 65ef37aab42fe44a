// version-age: the running data plane release against the upgrade policy (update monthly,
// at least quarterly): warn past 30 days behind, fail past 90. The policy itself is
// src/upgrade/policy.ts, shared with `braintrust upgrade --check`; the release list is the
// live one when reachable, else the shipped snapshot (src/upgrade/live.ts). A stale list
// turns a pass into a warning: the verdict may be optimistic.
import { loadReleaseList } from '../../upgrade/live.js';
import { checkUpgradePolicy } from '../../upgrade/policy.js';
import { assertKnownVersion } from '../../upgrade/known.js';
import type { BraintrustError } from '../../ui/errors.js';
import { fail, needConfig, pass, warn, type DoctorCheck } from '../types.js';

export const versionAgeCheck: DoctorCheck = {
  id: 'version-age',
  group: 'policy',
  title: 'Data plane version age',
  fix: 'Run `braintrust upgrade --check` to see the upgrade plan, then `braintrust upgrade`.',
  async run(dc, signal) {
    const config = needConfig(dc);
    const list = await loadReleaseList({ manifest: dc.live.manifest, offline: dc.live.offline, cwd: dc.cwd, now: dc.now, env: dc.env, signal });
    try {
      assertKnownVersion(config.version, list.manifest);
    } catch (e) {
      const err = e as BraintrustError;
      return fail(`${err.message}; ${err.details.join('; ')}`, err.hint ?? 'Set version to a listed release.');
    }
    const r = checkUpgradePolicy(config.version, list.manifest, dc.history, dc.now, { live: list.source.kind === 'live' });
    const s = list.source;
    const from = ` [releases: ${s.kind}${s.asOf ? `, as of ${s.asOf}` : ''}]`;
    const hint = `Upgrade to ${r.latest} (${r.latestDate}): \`braintrust upgrade --check\`, then \`braintrust upgrade\`.`;
    if (r.status === 'fail') return fail(r.message + from, hint);
    if (r.status === 'warn') return warn(r.message + from, hint);
    if (s.stale) {
      return warn(`${r.message}${from} The release list is ${s.ageDays} days old: newer releases may exist, so this may be optimistic.`,
        s.kind === 'snapshot' ? 'Allow access to api.github.com and raw.githubusercontent.com, or pass --manifest with a current list.' : 'Pass a current --manifest.');
    }
    return pass(r.message + from);
  },
};
