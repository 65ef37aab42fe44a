// The DNS records a user creates for `ingress.domain`, read from the stack outputs: the managed
// certificate's validation record(s) (`certificate_validation_records`, a list of
// {name, type, value}) and the record pointing the domain at the endpoint (`domain_dns_record`,
// one {name, type, value} or a list), and GCP's and Azure's `dns_records` strings. `install`
// shows them (src/ui/messages/deploy.ts): the validation records before the apply that waits
// for the certificate, all of them in its summary.
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

/**
 * The `dns_records` output of GCP and Azure ("<name> <type> <value>" strings): GCP's HTTPS
 * ingress hostname -> load balancer address; Azure's Front Door TXT validation + CNAME, or the
 * private Application Gateway's A record. Read into the same {name, type, value} as AWS's.
 */
export function dnsRecordLines(outputs: Record<string, unknown> | undefined): DnsRecordLine[] {
  const v = outputs?.dns_records;
  if (!Array.isArray(v)) return [];
  return v.filter((x): x is string => typeof x === 'string').flatMap((line) => {
    const [name, type, ...value] = line.split(' ');
    return type && value.length ? [{ name, type, value: value.join(' ') }] : [];
  });
}

export type DnsRecordLine = Omit<DnsRecord, 'purpose'>;
