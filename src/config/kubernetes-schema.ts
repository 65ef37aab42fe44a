// `kubernetes:` in braintrust.yaml: pod hardening and the enterprise CA bundle on the Helm
// targets (GCP, Azure), as chart 6.11.0 takes them: api/brainstore.<role>.{podSecurityContext,
// securityContext} (template-only keys), .tmpVolume.{enabled,sizeLimit} and api.customCA.*.
// `hardening: true` is the chart's example (examples/google-autopilot-cel: read-only root file
// system, no privilege escalation, drop ALL capabilities, a writable /tmp emptyDir) plus a
// non-root user (the chart's earlier values.yaml example: uid/gid/fsGroup 1000) and the
// RuntimeDefault seccomp profile; each field below overrides the preset's value.
import { z } from 'zod';

const seccompProfile = z.strictObject({
  type: z.enum(['RuntimeDefault', 'Localhost', 'Unconfined']),
  localhostProfile: z.string().min(1).optional(),
});
const id = z.number().int().min(0).max(2_147_483_647);

export const podSecurityContextSchema = z.strictObject({
  runAsNonRoot: z.boolean().optional(),
  runAsUser: id.optional(),
  runAsGroup: id.optional(),
  fsGroup: id.optional(),
  fsGroupChangePolicy: z.enum(['OnRootMismatch', 'Always']).optional(),
  supplementalGroups: z.array(id).optional(),
  seccompProfile: seccompProfile.optional(),
});

export const containerSecurityContextSchema = z.strictObject({
  readOnlyRootFilesystem: z.boolean().optional(),
  allowPrivilegeEscalation: z.boolean().optional(),
  privileged: z.boolean().optional(),
  runAsNonRoot: z.boolean().optional(),
  runAsUser: id.optional(),
  runAsGroup: id.optional(),
  capabilities: z.strictObject({ add: z.array(z.string().min(1)).optional(), drop: z.array(z.string().min(1)).optional() }).optional(),
  seccompProfile: seccompProfile.optional(),
});

/** A Kubernetes quantity for an emptyDir sizeLimit: 1Gi, 512Mi. */
const quantity = z.string().regex(/^[1-9]\d{0,8}(Ki|Mi|Gi|Ti|k|M|G|T)?$/, { message: 'a Kubernetes quantity like 1Gi or 512Mi' });

/** Chart 6.11.0 api.customCA defaults. */
export const CUSTOM_CA_DEFAULTS = {
  secretName: 'braintrust-runtime-ca',
  secretKey: 'ca-bundle.pem',
  mountPath: '/etc/braintrust/runtime-ca',
  filename: 'ca-bundle.pem',
} as const;

export const kubernetesSchema = z.strictObject({
  hardening: z
    .boolean()
    .default(false)
    .describe('GCP/Azure: harden the API and Brainstore pods: read-only root file system, no privilege escalation, drop ALL capabilities, non-root user 1000, seccomp RuntimeDefault, writable /tmp emptyDir (Helm api/brainstore.<role>.securityContext, podSecurityContext, tmpVolume)'),
  podSecurityContext: podSecurityContextSchema
    .optional()
    .describe('GCP/Azure: pod securityContext fields (Helm api/brainstore.<role>.podSecurityContext), each over the hardening preset'),
  containerSecurityContext: containerSecurityContextSchema
    .optional()
    .describe('GCP/Azure: container securityContext fields (Helm api/brainstore.<role>.securityContext), each over the hardening preset'),
  tmpVolume: z
    .strictObject({
      enabled: z.boolean().optional().describe('Mount an emptyDir at /tmp (Helm <component>.tmpVolume.enabled); default: on with hardening or when sizeLimit is set'),
      sizeLimit: quantity.optional().describe('Its size limit (Helm <component>.tmpVolume.sizeLimit); default 1Gi with hardening'),
    })
    .optional(),
  customCA: z
    .strictObject({
      enabled: z.boolean().default(false).describe('Trust an enterprise CA bundle in the API and user code (Helm api.customCA.enabled; sets NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE, AWS_CA_BUNDLE, PIP_CERT). API >= v2.9.0. Create the Secret first; it must hold the full bundle incl. public roots'),
      secretName: z.string().regex(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, { message: 'a Kubernetes Secret name like braintrust-runtime-ca' }).default(CUSTOM_CA_DEFAULTS.secretName).describe('Secret in the braintrust namespace holding the bundle (Helm api.customCA.secretName)'),
      secretKey: z.string().regex(/^[-._a-zA-Z0-9]{1,253}$/, { message: 'a Secret key like ca-bundle.pem' }).default(CUSTOM_CA_DEFAULTS.secretKey).describe('Key of the Secret with the PEM bundle (Helm api.customCA.secretKey)'),
      mountPath: z.string().regex(/^\/[^\s:]*$/, { message: 'an absolute path like /etc/braintrust/runtime-ca' }).default(CUSTOM_CA_DEFAULTS.mountPath).describe('Directory it is mounted at (Helm api.customCA.mountPath)'),
      filename: z.string().regex(/^[-._a-zA-Z0-9]{1,253}$/, { message: 'a file name like ca-bundle.pem' }).default(CUSTOM_CA_DEFAULTS.filename).describe('File name under mountPath (Helm api.customCA.filename)'),
    })
    .default({}),
});

export type KubernetesConfig = z.output<typeof kubernetesSchema>;

/** The hardening preset (see the header). */
export const HARDENING_PRESET = {
  podSecurityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
  containerSecurityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
  tmpVolume: { enabled: true, sizeLimit: '1Gi' },
} as const;

export interface PodHardening {
  podSecurityContext?: Record<string, unknown>;
  securityContext?: Record<string, unknown>;
  tmpVolume?: { enabled: boolean; sizeLimit?: string };
}

/** The preset (when on) with the config's per-field overrides over it; undefined parts are not set. */
export function podHardening(k: KubernetesConfig): PodHardening {
  const preset = k.hardening ? HARDENING_PRESET : undefined;
  const merge = (base: object | undefined, over: object | undefined) => {
    const out = { ...(base ?? {}), ...Object.fromEntries(Object.entries(over ?? {}).filter(([, v]) => v !== undefined)) };
    return Object.keys(out).length ? (structuredClone(out) as Record<string, unknown>) : undefined;
  };
  const tmp = merge(preset?.tmpVolume, k.tmpVolume) as PodHardening['tmpVolume'] | undefined;
  return {
    podSecurityContext: merge(preset?.podSecurityContext, k.podSecurityContext),
    securityContext: merge(preset?.containerSecurityContext, k.containerSecurityContext),
    tmpVolume: tmp ? { ...tmp, enabled: tmp.enabled ?? true } : undefined,
  };
}

type Issue = { path: (string | number)[]; message: string };

/** A release as [major, minor, patch]. */
function semver(version: string): number[] {
  return version.replace(/^v/, '').split('.').map(Number);
}

/** Kubernetes rules: only on the Helm targets; a read-only root needs a writable /tmp; custom CA needs API v2.9.0. */
export function kubernetesIssues(c: { cloud: string; version: string; kubernetes: KubernetesConfig }): Issue[] {
  const k = c.kubernetes;
  const issues: Issue[] = [];
  const at = (path: (string | number)[], message: string) => issues.push({ path: ['kubernetes', ...path], message });
  if (c.cloud !== 'gcp' && c.cloud !== 'azure') {
    const set: string[] = [
      ...(k.hardening ? ['hardening'] : []),
      ...(['podSecurityContext', 'containerSecurityContext', 'tmpVolume'] as const).filter((f) => k[f] !== undefined),
      ...(k.customCA.enabled ? ['customCA'] : []),
    ];
    if (set.length) at([set[0]], `${c.cloud} deployments do not run on Kubernetes (the settings are Helm values of GCP and Azure): remove kubernetes.${set.join(', kubernetes.')}`);
    return issues;
  }
  const h = podHardening(k);
  if (h.securityContext?.readOnlyRootFilesystem === true && !h.tmpVolume?.enabled) {
    at(['tmpVolume', 'enabled'], 'a read-only root file system (kubernetes.containerSecurityContext.readOnlyRootFilesystem or kubernetes.hardening) needs a writable /tmp: set kubernetes.tmpVolume.enabled to true');
  }
  if (h.tmpVolume && !h.tmpVolume.enabled && k.tmpVolume?.sizeLimit) {
    at(['tmpVolume', 'sizeLimit'], 'kubernetes.tmpVolume.sizeLimit is set but the /tmp volume is off: set kubernetes.tmpVolume.enabled to true, or remove sizeLimit');
  }
  if (h.podSecurityContext?.runAsNonRoot === true && h.podSecurityContext.runAsUser === 0) {
    at(['podSecurityContext', 'runAsUser'], 'runAsUser 0 is root, but runAsNonRoot is true: use a non-zero uid such as 1000');
  }
  if (k.customCA.enabled) {
    const [maj, min] = semver(c.version);
    if (maj < 2 || (maj === 2 && min < 9)) {
      at(['customCA', 'enabled'], `the custom CA bundle needs API v2.9.0 or later, but version is ${c.version}: upgrade first (\`braintrust upgrade --to v2.9.0\`), or set kubernetes.customCA.enabled to false`);
    }
  }
  return issues;
}
