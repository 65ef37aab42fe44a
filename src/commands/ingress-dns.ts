// The DNS records a custom ingress domain needs (stack output dns_records: Azure Front Door's
// TXT validation and CNAME, the private Application Gateway's A record), printed after install.
import type { Output } from '../ui/output.js';

export interface DnsRecordOutput {
  name: string;
  type: string;
  value: string;
}

/** dns_records from outputs.json, or [] when there are none (or the value is not the expected shape). */
export function dnsRecords(outputs: Record<string, unknown> | undefined): DnsRecordOutput[] {
  const v = outputs?.dns_records;
  if (!Array.isArray(v)) return [];
  return v.filter((r): r is DnsRecordOutput => !!r && typeof r === 'object' && ['name', 'type', 'value'].every((k) => typeof (r as Record<string, unknown>)[k] === 'string'));
}

export function renderDnsRecords(out: Output, outputs: Record<string, unknown> | undefined): void {
  const records = dnsRecords(outputs);
  if (!records.length) return;
  out.print();
  out.print('Create these DNS records for your API domain (README "After install"):');
  out.table(['name', 'type', 'value'], records.map((r) => [r.name, r.type, r.value]));
  if (records.some((r) => r.type === 'TXT')) out.print('The managed certificate is issued once the TXT record validates the domain (usually minutes, up to a few hours).');
  if (records.some((r) => r.type === 'A')) out.print('Create the A record in the private DNS zone your clients resolve (it points at a private address).');
}
