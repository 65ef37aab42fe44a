// api-tls: days left on the API's TLS certificate (warn under 21), whether clients trust its
// chain, and whether it names the host of api_url (and api_url is https://<ingress.domain> when
// a domain is configured). An http api_url off this machine is a warning: the https web app
// cannot call it (browsers block mixed content).
import { checkServerIdentity, connect, type PeerCertificate } from 'node:tls';
import { isIP } from 'node:net';
import { fail, needOutput, pass, skip, warn, type CheckOutcome, type DoctorCheck } from '../types.js';

export const CERT_WARN_DAYS = 21;

export interface CertificateFacts {
  daysLeft: number;
  validTo: string;
  authorized: boolean;
  authorizationError?: string;
  issuer?: string;
  /** The host api_url names, and the names the certificate is for (subject alternative names, else CN). */
  host?: string;
  names?: string[];
  /** Set when the certificate does not name `host`. */
  hostnameMismatch?: boolean;
}

const RENEW = 'Renew the certificate (managed certificates renew by themselves while their DNS validation records exist).';

/** Pure: the certificate facts → the check outcome. */
export function judgeCertificate(c: CertificateFacts): CheckOutcome {
  const when = `expires ${c.validTo}`;
  if (c.daysLeft < 0) return fail(`certificate expired ${-c.daysLeft} day(s) ago (${when})`, RENEW);
  if (c.hostnameMismatch) {
    return fail(`certificate is for ${c.names?.length ? c.names.join(', ') : 'other names'}, not ${c.host}`,
      'Serve a certificate for the API host: set ingress.domain and ingress.certificate to a certificate for that name (or "managed"), then `braintrust install`.');
  }
  if (!c.authorized) {
    return fail(`certificate not trusted: ${c.authorizationError ?? 'unknown reason'} (${c.daysLeft} days left)`,
      'Serve a certificate from a public CA that names the API host: browsers and SDKs refuse this one.');
  }
  if (c.daysLeft < CERT_WARN_DAYS) return warn(`certificate ${when}: ${c.daysLeft} days left`, RENEW);
  return pass(`certificate ${c.host ? `for ${c.host} ` : ''}valid for ${c.daysLeft} more days (${when}${c.issuer ? `, issuer ${c.issuer}` : ''})`);
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}

/** Whether the certificate names the host, checked apart from the chain (Node skips it when the chain fails). */
function hostnameFacts(host: string, cert: PeerCertificate): Pick<CertificateFacts, 'host' | 'names' | 'hostnameMismatch'> {
  const names = (cert.subjectaltname ?? '').split(/,\s*/).filter((n) => /^(DNS|IP Address):/.test(n)).map((n) => n.slice(n.indexOf(':') + 1));
  if (!names.length && cert.subject?.CN) names.push(...[cert.subject.CN].flat());
  return { host, names, hostnameMismatch: checkServerIdentity(host, cert) !== undefined };
}

function readCertificate(host: string, port: number, now: Date, signal: AbortSignal): Promise<CertificateFacts> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, servername: isIP(host) ? undefined : host, rejectUnauthorized: false });
    const onAbort = () => { socket.destroy(); reject(signal.reason); };
    signal.addEventListener('abort', onAbort, { once: true });
    const done = () => { signal.removeEventListener('abort', onAbort); socket.destroy(); };
    socket.once('secureConnect', () => {
      const cert: PeerCertificate = socket.getPeerCertificate();
      const validTo = new Date(cert.valid_to);
      const facts: CertificateFacts = {
        daysLeft: Math.floor((validTo.getTime() - now.getTime()) / 86_400_000),
        validTo: Number.isNaN(validTo.getTime()) ? cert.valid_to : validTo.toISOString().slice(0, 10),
        authorized: socket.authorized,
        authorizationError: socket.authorizationError ? String(socket.authorizationError) : undefined,
        issuer: [cert.issuer?.O ?? cert.issuer?.CN].flat()[0],
        ...hostnameFacts(host, cert),
      };
      done();
      resolve(facts);
    });
    socket.once('error', (e) => { done(); reject(e); });
  });
}

export const apiTlsCheck: DoctorCheck = {
  id: 'api-tls',
  group: 'live',
  title: 'API TLS certificate',
  fix: 'Check that api_url is reachable over https from here (see api-health).',
  async run(dc, signal) {
    const url = new URL(needOutput(dc, 'api_url'));
    if (url.protocol !== 'https:') {
      if (isLoopback(url.hostname)) return skip(`${url.origin} is plain http on this machine: no certificate to check`);
      return warn(`${url.origin} is plain http: the https web app cannot call it (mixed content)`, 'Serve the API over https (the installer\'s load balancer or CDN terminates TLS).');
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const outcome = judgeCertificate(await readCertificate(host, Number(url.port) || 443, dc.now, signal));
    // ingress.domain set but api_url elsewhere: the config changed and install has not run since.
    const domain = dc.config?.ingress?.domain;
    if (outcome.status === 'pass' && domain && domain !== host) {
      return warn(`api_url is ${url.origin}, but ingress.domain is ${domain}: ${outcome.detail}`, 'Run `braintrust install` to apply ingress.domain (it prints the DNS records to create).');
    }
    return outcome;
  },
};
