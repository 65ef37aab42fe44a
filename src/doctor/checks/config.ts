// config: braintrust.yaml exists and validates (every problem named with its field).
import { basename } from 'node:path';
import { BraintrustError } from '../../ui/errors.js';
import { fail, pass, type DoctorCheck } from '../types.js';

export const configCheck: DoctorCheck = {
  id: 'config',
  group: 'local',
  title: 'Config file valid',
  fix: 'Fix the config file (see templates/braintrust.schema.json), or run `braintrust init`.',
  async run(dc) {
    const e = dc.configError;
    if (e) {
      const details = e instanceof BraintrustError ? e.details : [];
      return fail([e.message, ...details].join('; '), (e instanceof BraintrustError && e.hint) || this.fix);
    }
    const c = dc.config;
    if (!c) return fail(`no config at ${dc.configPath}`, this.fix);
    return pass(`${basename(dc.configPath)}: ${c.name} on ${c.cloud}${c.region ? ` ${c.region}` : ''}, ${c.tier} tier, ${c.version}`);
  },
};
