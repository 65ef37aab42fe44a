// api-cors: the browser talks to the data plane directly (CORS), so a preflight from the
// Braintrust web app's origin (urls.appUrl) must be allowed: OPTIONS with Origin and
// Access-Control-Request-Method: POST → Access-Control-Allow-Origin is that origin or *.
import { joinUrl, probeHttp } from '../http.js';
import { describeError } from '../units.js';
import { fail, needConfig, needOutput, pass, type DoctorCheck } from '../types.js';

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(', ') : v;
}

export const apiCorsCheck: DoctorCheck = {
  id: 'api-cors',
  group: 'live',
  title: 'CORS from the web app',
  fix: 'The API must answer CORS preflights from the web app origin (urls.appUrl → BRAINTRUST_APP_URL); a proxy or load balancer in front of it must pass OPTIONS requests and CORS headers through.',
  async run(dc, signal) {
    const base = needOutput(dc, 'api_url');
    const origin = new URL(needConfig(dc).urls.appUrl).origin;
    const url = joinUrl(base, '/');
    let res;
    try {
      res = await probeHttp(url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
        signal,
      });
    } catch (e) {
      if (signal.aborted) throw e;
      return fail(`cannot reach ${url}: ${describeError(e)}`, 'Check that api_url is reachable from here (see api-health).');
    }
    const allowOrigin = header(res.headers['access-control-allow-origin']);
    const allowMethods = header(res.headers['access-control-allow-methods']);
    if (res.status >= 400) return fail(`preflight from ${origin} → HTTP ${res.status}`, this.fix);
    if (!allowOrigin) return fail(`preflight from ${origin} → HTTP ${res.status} without Access-Control-Allow-Origin: the browser cannot call the data plane`, this.fix);
    if (allowOrigin !== '*' && allowOrigin !== origin) {
      return fail(`Access-Control-Allow-Origin is ${allowOrigin}, not ${origin}`, `Set urls.appUrl to ${origin} if that is your web app, then \`braintrust install\`; ${this.fix}`);
    }
    if (allowMethods && allowMethods !== '*' && !/\bPOST\b/i.test(allowMethods)) {
      return fail(`Access-Control-Allow-Methods (${allowMethods}) does not allow POST`, this.fix);
    }
    return pass(`preflight from ${origin} allowed (Access-Control-Allow-Origin: ${allowOrigin}) in ${res.latencyMs} ms`);
  },
};
