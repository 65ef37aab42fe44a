// GCP rules for `ingress:` (called from ingressIssues). The GCP stack builds the endpoint with
// GKE Gateway API (stacks/gcp/ingress.ts): `public` = global external Application Load
// Balancer (gateway class gke-l7-global-external-managed), `private` = regional internal
// Application Load Balancer (gke-l7-rilb). The Gateway takes certificates by *name* from the
// cluster's own project (listener option networking.gke.io/pre-shared-certs) and the Cloud
// Armor policy by name (GCPBackendPolicy securityPolicy), so references are checked here.
import { MANAGED_CERTIFICATE, type IngressConfig, type IngressMode } from './ingress-schema.js';

type Issue = { path: (string | number)[]; message: string };

/** A Compute Engine resource name (RFC 1035 label, 1-63 characters). */
const GCE_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const GCE_NAME_TEXT = '[a-z]([-a-z0-9]{0,61}[a-z0-9])?';
const GLOBAL_CERT = new RegExp(`^projects/([^/]+)/global/sslCertificates/(${GCE_NAME_TEXT})$`);
const REGIONAL_CERT = new RegExp(`^projects/([^/]+)/regions/([a-z0-9-]+)/sslCertificates/(${GCE_NAME_TEXT})$`);
const SECURITY_POLICY = new RegExp(`^projects/([^/]+)/global/securityPolicies/(${GCE_NAME_TEXT})$`);

/** The proxy-only subnet the regional internal load balancer's Envoy proxies use (private mode). */
export const PROXY_ONLY_CIDR = '172.16.64.0/23';

/** The Compute Engine name in a reference (`name` or `projects/p/.../name`). */
export function gceNameOf(reference: string): string {
  return reference.slice(reference.lastIndexOf('/') + 1);
}

function ipv4Range(cidr: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) return undefined;
  const ip = m.slice(1, 5).reduce((a, o) => a * 256 + Number(o), 0);
  const size = 2 ** (32 - Number(m[5]));
  const start = Math.floor(ip / size) * size;
  return [start, start + size - 1];
}

/** Whether two IPv4 CIDRs share an address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const x = ipv4Range(a);
  const y = ipv4Range(b);
  return !!x && !!y && x[0] <= y[1] && y[0] <= x[1];
}

export function gcpIngressIssues(
  c: { region?: string; account?: { gcpProject?: string }; network?: { cidr?: string }; ingress: IngressConfig },
  mode: IngressMode | undefined,
): Issue[] {
  const i = c.ingress;
  const issues: Issue[] = [];
  const at = (field: string, message: string) => issues.push({ path: ['ingress', field], message });
  const project = c.account?.gcpProject;
  const sameProject = (p: string, field: string, what: string) => {
    if (project && p !== project) {
      at(field, `${what} is in project ${p}, but the deployment is in ${project} (account.gcpProject): the GKE Gateway only uses ${what}s of its own project; create one in ${project}`);
    }
  };

  if (i.certificate && i.certificate !== MANAGED_CERTIFICATE && mode) {
    const cert = i.certificate;
    const global = GLOBAL_CERT.exec(cert);
    const regional = REGIONAL_CERT.exec(cert);
    if (mode === 'public') {
      if (regional) {
        at('certificate', `${cert} is a regional SSL certificate; public ingress on GCP is a global external load balancer: use a global certificate (projects/<project>/global/sslCertificates/<name>, or just <name>), or "managed"`);
      } else if (global) {
        sameProject(global[1], 'certificate', 'SSL certificate');
      } else if (!GCE_NAME.test(cert)) {
        at('certificate', `${JSON.stringify(cert)} is not a GCP SSL certificate: use "managed", a certificate name, or projects/<project>/global/sslCertificates/<name>`);
      }
    } else {
      if (global) {
        at('certificate', `${cert} is a global SSL certificate; private ingress on GCP is a regional internal load balancer: use a regional certificate in ${c.region ?? 'the deployment region'} (projects/<project>/regions/${c.region ?? '<region>'}/sslCertificates/<name>, or just <name>)`);
      } else if (regional) {
        sameProject(regional[1], 'certificate', 'SSL certificate');
        if (c.region && regional[2] !== c.region) {
          at('certificate', `${cert} is in region ${regional[2]}, but the deployment (and its internal load balancer) is in ${c.region}: upload the certificate to ${c.region}`);
        }
      } else if (!GCE_NAME.test(cert)) {
        at('certificate', `${JSON.stringify(cert)} is not a GCP SSL certificate: use a regional certificate name, or projects/<project>/regions/${c.region ?? '<region>'}/sslCertificates/<name>`);
      }
    }
  }

  if (i.wafAclId) {
    const ref = SECURITY_POLICY.exec(i.wafAclId);
    if (ref) sameProject(ref[1], 'wafAclId', 'Cloud Armor security policy');
    else if (!GCE_NAME.test(i.wafAclId)) {
      at('wafAclId', `${JSON.stringify(i.wafAclId)} is not a Cloud Armor security policy: use its name or projects/<project>/global/securityPolicies/<name>`);
    }
    if (mode === 'public' && i.allowedCidrs.length) {
      at('allowedCidrs', 'ingress.wafAclId and ingress.allowedCidrs are both set, but a GCP backend takes one Cloud Armor policy: put the allow-list rules in your policy and remove ingress.allowedCidrs, or remove ingress.wafAclId');
    }
  }
  if (mode === 'private') {
    if (i.allowedCidrs.length) {
      at('allowedCidrs', 'private ingress on GCP is an internal load balancer reachable only from your VPC and the networks connected to it: restrict clients there (firewall, VPN routes) and remove ingress.allowedCidrs, or use ingress.mode public');
    }
    if (i.wafAclId) {
      at('wafAclId', 'private ingress on GCP does not attach a Cloud Armor policy (it is reachable only from your VPC): remove ingress.wafAclId, or use ingress.mode public');
    }
    const cidr = c.network?.cidr;
    if (cidr && cidrsOverlap(cidr, PROXY_ONLY_CIDR)) {
      at('mode', `private ingress needs a proxy-only subnet ${PROXY_ONLY_CIDR} in the VPC, which overlaps network.cidr ${cidr}: choose a network.cidr outside ${PROXY_ONLY_CIDR}`);
    }
  }
  if (!mode && (i.allowedCidrs.length || i.wafAclId)) {
    const field = i.wafAclId ? 'wafAclId' : 'allowedCidrs';
    at(field, `ingress.${field} applies to the HTTPS load balancer, and there is none without ingress.domain on GCP: set ingress.domain and ingress.certificate, or remove ingress.${field}`);
  }
  return issues;
}
