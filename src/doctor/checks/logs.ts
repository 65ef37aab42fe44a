// logs: the deployment's log store answers (what `braintrust logs` reads): CloudWatch log
// groups on AWS, kubectl logs of the chart's pods on GCP/Azure, docker compose logs on docker.
// Reads the last 15 minutes once; a missing log group or no pods is a warning.
import { CheckSkipped, fail, needConfig, pass, warn, type DoctorCheck } from '../types.js';

const WINDOW_MS = 15 * 60_000;

export const logsCheck: DoctorCheck = {
  id: 'logs',
  group: 'live',
  title: 'Logs reachable',
  fix: 'Check that your cloud CLI login may read the deployment\'s logs (AWS: logs:FilterLogEvents on /braintrust/<name>/*; Kubernetes: pods/log in the namespace; docker: the compose project runs here), then try braintrust logs.',
  async run(dc, signal) {
    // Docker deployments have no outputs: the compose project is found by its name.
    if (needConfig(dc).cloud !== 'docker' && !dc.hasOutputs) throw new CheckSkipped('no deployment outputs yet (.braintrust/outputs.json)', 'Run `braintrust install`; it writes the outputs this check reads.');
    const { loadOperations } = await import('../../ops/index.js');
    let ops;
    try {
      ops = await loadOperations({ env: dc.env, cwd: dc.cwd, clock: () => dc.now }, dc.deployment, 'needed to read the deployment logs');
    } catch (e) {
      return fail((e as Error).message, (e as { hint?: string }).hint ?? this.fix);
    }
    const { describeLogWarning } = await import('../../ops/format.js');
    const warnings: string[] = [];
    const lines = await ops.logs.fetch({ services: ['api', 'brainstore'], since: dc.now.getTime() - WINDOW_MS, signal, warn: (w) => warnings.push(describeLogWarning(w)) });
    const where = { aws: 'CloudWatch Logs', kubernetes: 'kubectl logs', docker: 'docker compose logs' }[ops.target];
    if (warnings.length) return warn(`${where}: ${warnings.join('; ')}`, this.fix);
    return pass(`${where} reachable: ${lines.length} line${lines.length === 1 ? '' : 's'} in the last 15 min`);
  },
};
