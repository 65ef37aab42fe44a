// api-health: the data plane API answers GET / (or /health) with 2xx; status and latency.
import { joinUrl, probeHttp } from '../http.js';
import { describeError } from '../units.js';
import { fail, needOutput, pass, type DoctorCheck } from '../types.js';

const LOGS_HINT = 'The API is not healthy: check its logs (AWS: the /braintrust/<name>/braintrust-api* log groups of the ECS services, or the APIHandler Lambda\'s on api.runtime lambda; GCP/Azure: `kubectl logs deploy/braintrust-api -n <namespace>`).';

export const apiHealthCheck: DoctorCheck = {
  id: 'api-health',
  group: 'live',
  title: 'API health',
  fix: 'Check that api_url resolves and is reachable from here (DNS, VPN, firewall), and that the API is running.',
  async run(dc, signal) {
    const base = needOutput(dc, 'api_url');
    const tried: string[] = [];
    for (const path of ['/', '/health']) {
      let res;
      try {
        res = await probeHttp(joinUrl(base, path), { signal });
      } catch (e) {
        if (signal.aborted) throw e;
        return fail(`cannot reach ${joinUrl(base, path)}: ${describeError(e)}`, this.fix);
      }
      if (res.status >= 200 && res.status < 300) return pass(`GET ${path} → HTTP ${res.status} in ${res.latencyMs} ms`);
      tried.push(`GET ${path} → HTTP ${res.status}`);
    }
    return fail(tried.join(', '), LOGS_HINT);
  },
};
