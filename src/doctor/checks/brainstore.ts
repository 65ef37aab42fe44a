// brainstore: Brainstore answers GET / on brainstore_url, where this machine can reach it. It
// usually sits behind an internal load balancer, so "not reachable from here" (no DNS, no
// route, no answer within a short deadline) is a skip, not a failure; a refused connection
// or an HTTP error from a reachable host is a failure.
import { joinUrl, probeHttp } from '../http.js';
import { describeError } from '../units.js';
import { fail, needOutput, pass, skip, type DoctorCheck } from '../types.js';

const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT']);
const INSIDE_HINT = 'Run doctor from inside the network (e.g. on the bastion) to check Brainstore.';

export const brainstoreCheck: DoctorCheck = {
  id: 'brainstore',
  group: 'live',
  title: 'Brainstore health',
  fix: 'Check the Brainstore nodes: their logs (AWS: the brainstore CloudWatch log group; Kubernetes: `kubectl logs` of the brainstore pods) and the load balancer\'s target health.',
  async run(dc, signal) {
    const url = joinUrl(needOutput(dc, 'brainstore_url'), '/');
    // Leave part of the check's budget: an unroutable internal address just never answers.
    const budget = Math.min(5000, Math.round(dc.timeoutMs * 0.6));
    const deadline = AbortSignal.timeout(budget);
    let res;
    try {
      res = await probeHttp(url, { signal: AbortSignal.any([signal, deadline]) });
    } catch (e) {
      if (signal.aborted) throw e;
      if (deadline.aborted) return skip(`no answer from ${url} within ${budget / 1000} s: not reachable from this machine`, INSIDE_HINT);
      const code = (e as { code?: string }).code ?? '';
      if (UNREACHABLE.has(code)) return skip(`${url} is not reachable from this machine (${code})`, INSIDE_HINT);
      return fail(`${url}: ${describeError(e)}`, this.fix);
    }
    if (res.status >= 200 && res.status < 300) return pass(`GET / → HTTP ${res.status} in ${res.latencyMs} ms`);
    return fail(`GET ${url} → HTTP ${res.status}`, this.fix);
  },
};
