// terraform: terraform >= 1.5 or OpenTofu on PATH (or BRAINTRUST_TERRAFORM_BIN), found the way
// install and upgrade find it. Docker deployments run with docker compose and need neither.
import { BraintrustError } from '../../ui/errors.js';
import { fail, pass, skip, type DoctorCheck } from '../types.js';

export const terraformCheck: DoctorCheck = {
  id: 'terraform',
  group: 'local',
  title: 'terraform or tofu',
  fix: 'Install terraform >= 1.5 or OpenTofu and put it on PATH, or set BRAINTRUST_TERRAFORM_BIN.',
  async run(dc) {
    if (dc.config?.cloud === 'docker') return skip('docker deployments run with docker compose, not terraform');
    // Loaded here, not at start-up: execa costs ~75 ms that the live probes need not wait for.
    const { findTerraform } = await import('../../terraform/binary.js');
    try {
      const bin = await findTerraform(dc.env);
      // A bare name was found on PATH; only a real path is worth printing.
      const where = /[/\\]/.test(bin.path) ? ` at ${bin.path}` : ' (on PATH)';
      return pass(`${bin.flavor} ${bin.version || '(version unknown)'}${where}`);
    } catch (e) {
      if (e instanceof BraintrustError) return fail(e.message, e.hint ?? this.fix);
      throw e;
    }
  },
};
