// The DNS records a user creates for `ingress.domain`, read from the stack outputs: the managed
// certificate's validation record(s) (`certificate_validation_records`, a list of
// {name, type, value}) and the record pointing the domain at the endpoint (`domain_dns_record`,
// one {name, type, value} or a list). `install` prints them: the validation records before the
// apply that waits for the certificate, all of them in its summary.
import type { Output } from '../ui/output.js';

export const CERTIFICATE_VALIDATION_OUTPUT = 'certificate_validation_records';
export const DOMAIN_RECORD_OUTPUT = 'domain_dns_record';
export const INGRESS_DOMAIN_OUTPUT = 'ingress_domain';

export interface DnsRecord {
  name: string;
  type: string;
  value: string;
  purpose: 'certificate validation' | 'endpoint';
}

function records(v: unknown, purpose: DnsRecord['purpose']): DnsRecord[] {
  const list = Array.isArray(v) ? v : v && typeof v === 'object' ? [v] : [];
  return list
    .filter((r): r is Record<string, unknown> => Boolean(r) && typeof r === 'object')
    .filter((r) => typeof r.name === 'string' && typeof r.type === 'string' && typeof r.value === 'string')
    .map((r) => ({ name: r.name as string, type: r.type as string, value: r.value as string, purpose }));
}

/** The certificate's validation records (empty when the certificate is not managed). */
export function validationRecords(outputs: Record<string, unknown> | undefined): DnsRecord[] {
  return records(outputs?.[CERTIFICATE_VALIDATION_OUTPUT], 'certificate validation');
}

/** Every record to create: validation first (ACM keeps using it to renew), then the endpoint. */
export function ingressDnsRecords(outputs: Record<string, unknown> | undefined): DnsRecord[] {
  return [...validationRecords(outputs), ...records(outputs?.[DOMAIN_RECORD_OUTPUT], 'endpoint')];
}

/** Print records as a table, with what each one is for. Nothing in JSON mode (the document has them). */
export function printDnsRecords(out: Output, list: DnsRecord[], intro: string): void {
  if (!list.length) return;
  out.print();
  out.print(intro);
  out.table(['name', 'type', 'value', 'for'], list.map((r) => [r.name, r.type, r.value, r.purpose]));
  if (list.some((r) => r.purpose === 'endpoint' && r.type === 'CNAME')) {
    out.print('A zone apex (example.com itself) cannot be a CNAME: use your DNS provider\'s ALIAS/ANAME record, or a Route 53 alias record, to the same value.');
  }
}

/** install's closing lines: the API URL to enter in Braintrust, and the DNS records for ingress.domain. */
export function printIngressSummary(out: Output, outputs: Record<string, unknown>): void {
  if (typeof outputs.api_url !== 'string') return;
  out.print();
  out.print(`Data plane API URL: ${outputs.api_url}  (Braintrust: Settings > Data plane > API URL)`);
  printDnsRecords(out, ingressDnsRecords(outputs), 'DNS records for this endpoint (create any that do not exist yet; `braintrust doctor` checks the certificate and CORS once they resolve):');
}
