// outputs: .braintrust/outputs.json exists (something was installed) and matches the config:
// same region, same GCP project, and the API URL the live checks use.
import { fail, needConfig, pass, warn, type DoctorCheck } from '../types.js';

export const outputsCheck: DoctorCheck = {
  id: 'outputs',
  group: 'cloud',
  title: 'Deployment outputs',
  fix: 'Re-run `braintrust install` so .braintrust/outputs.json is rewritten.',
  async run(dc) {
    if (dc.outputsError) return fail(dc.outputsError.message, this.fix);
    if (!dc.hasOutputs) {
      return warn('no .braintrust/outputs.json beside the config: nothing installed yet, so the live checks are skipped',
        'Run `braintrust install` (or point --config at the deployment\'s config).');
    }
    const config = needConfig(dc);
    const out = dc.deployment.outputs;
    const mismatches: string[] = [];
    if (config.region && out.region && out.region !== config.region) mismatches.push(`region is ${out.region} in the outputs but ${config.region} in the config`);
    const project = config.account?.gcpProject;
    if (project && out.project_id && out.project_id !== project) mismatches.push(`project_id is ${out.project_id} in the outputs but ${project} in the config`);
    if (mismatches.length) {
      return fail(mismatches.join('; '),
        'The config no longer describes the installed deployment: restore the old value (a region or project cannot change in place), or point --config at the right file.');
    }
    const n = Object.keys(out).length;
    if (!out.api_url) return warn(`${n} outputs, but no api_url`, this.fix);
    return pass(`${n} outputs${out.region ? `, region ${out.region}` : ''}, api_url ${out.api_url}`);
  },
};
