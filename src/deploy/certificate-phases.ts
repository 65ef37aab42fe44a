// AWS `ingress.certificate: managed`: ACM issues the certificate only after the user has created
// its DNS validation record, and CloudFront (or the private ALB) cannot use it before. One apply
// would block inside aws_acm_certificate_validation without ever showing the record to create.
// So install runs three phases (src/deploy/install-phases.ts):
//   1. apply only the certificate (terraform -target), whose outputs carry the validation record;
//   2. print the DNS records to create now;
//   3. apply everything: aws_acm_certificate_validation waits (up to 2 h) until ACM sees the
//      record, then the distribution or listener uses the certificate.
// Needed while the outputs do not yet hold this domain's validation records (a first install, or
// a domain added or changed later). A failed or interrupted phase 3 is resumed by running
// `braintrust install` again.
import type { Ctx } from '../context.js';
import type { Config } from '../config/schema.js';
import { MANAGED_CERTIFICATE, ingressMode } from '../config/ingress-schema.js';
import { CERTIFICATE_VALIDATION_OUTPUT, INGRESS_DOMAIN_OUTPUT, validationRecords } from './ingress-dns.js';
import type { InstallPhase } from './install-phases.js';

export const CERTIFICATE_PHASE_IDS = ['certificate', 'dns-records', 'deploy'] as const;

/** The phases, or undefined when one apply will do. `resumePhases`: the ids of an unfinished phased install. */
export function certificatePhases(config: Config, outputs: Record<string, unknown> | undefined, resumePhases?: string[]): InstallPhase[] | undefined {
  if (config.cloud !== 'aws' || !config.ingress.domain || config.ingress.certificate !== MANAGED_CERTIFICATE) return undefined;
  const resuming = resumePhases?.join() === CERTIFICATE_PHASE_IDS.join();
  const issued = outputs?.[INGRESS_DOMAIN_OUTPUT] === config.ingress.domain && validationRecords(outputs).length > 0;
  if (issued && !resuming) return undefined;
  const where = ingressMode(config) === 'private' ? config.region : 'us-east-1';
  return [
    { id: 'certificate', kind: 'apply', title: `the ACM certificate for ${config.ingress.domain} (in ${where})`, targetTypes: ['aws_acm_certificate'] },
    { id: 'dns-records', kind: 'dns-records', title: 'the DNS records to create' },
    { id: 'deploy', kind: 'apply', title: 'everything else (waits until ACM has validated the certificate)' },
  ];
}

/** Phase 2: the validation records, or how to find them when the outputs lack them. */
export function printValidationRecords(ctx: Ctx, config: Config, outputs: Record<string, unknown>): void {
  const records = validationRecords(outputs);
  if (!records.length) {
    const region = ingressMode(config) === 'private' ? config.region : 'us-east-1';
    ctx.io.emit('install.validation-records-missing', { output: CERTIFICATE_VALIDATION_OUTPUT, region });
  }
  const domain = config.ingress.domain ?? '';
  ctx.io.emit('install.validation-records', { domain, records });
  ctx.io.emit('install.certificate-wait', { domain });
}
