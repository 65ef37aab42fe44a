// The DNS records an install leaves for the user to create (output `dns_records`, a list of
// "<name> <type> <value>" strings): GCP's HTTPS ingress hostname -> load balancer address;
// Azure's Front Door TXT validation + CNAME, or the private Application Gateway's A record.
import type { Output } from '../ui/output.js';

/** `dns_records` from outputs.json, when the stack has any. */
export function dnsRecordsOf(outputs: Record<string, unknown> | undefined): string[] {
  const v = outputs?.dns_records;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Human lines after an apply: what to create, and that the certificate waits for it. */
export function printDnsRecords(out: Output, outputs: Record<string, unknown> | undefined): void {
  const records = dnsRecordsOf(outputs);
  if (!records.length) return;
  out.print();
  out.print(`Create ${records.length === 1 ? 'this DNS record' : 'these DNS records'} so the API hostname reaches its HTTPS endpoint (a managed certificate is issued only once the name resolves or validates):`);
  for (const r of records) out.print(`  ${r}`);
}
