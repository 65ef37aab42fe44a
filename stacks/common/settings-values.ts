// The Helm values of the `scaling:`, `kubernetes:` and one-way data path settings (GCP, Azure),
// merged by helmValues() over what it builds. Every key exists in chart 6.11.0 (values.yaml, or
// read by its templates: the security contexts); test/parity/{gcp,azure}.test.ts check that.
import type { Config } from '../../src/config/schema.js';
import { brainstoreCache, locksBackend } from '../../src/config/scaling-schema.js';
import { podHardening } from '../../src/config/kubernetes-schema.js';

type Values = Record<string, unknown>;

const ROLES = [['reader', 'reader'], ['writer', 'writer'], ['fastreader', 'fastReader']] as const;

/** The values these settings set, as a tree to merge over the chart values. */
export function settingsHelmValues(config: Config): Values {
  const k = config.kubernetes;
  const hardening = podHardening(k);
  const pod: Values = {
    ...(hardening.podSecurityContext ? { podSecurityContext: hardening.podSecurityContext } : {}),
    ...(hardening.securityContext ? { securityContext: hardening.securityContext } : {}),
    ...(hardening.tmpVolume ? { tmpVolume: hardening.tmpVolume } : {}),
  };
  const roles = Object.fromEntries(ROLES.map(([role, key]) => {
    const cache = brainstoreCache(config, key);
    return [role, {
      ...(cache.fileSize ? { objectStoreCacheFileSize: cache.fileSize } : {}),
      ...(cache.memoryLimit ? { objectStoreCacheMemoryLimit: cache.memoryLimit } : {}),
      ...structuredClone(pod),
    }];
  }));
  const { enabled: customCA, ...ca } = k.customCA;
  return {
    // Unset means "not opted in" (an older deployment): "" so the chart's own default ("all",
    // "v3") does not switch the one-way data path on behind the config's back.
    skipPgForBrainstoreObjects: config.brainstore.skipPgForObjects ?? '',
    brainstoreWalFooterVersion: config.brainstore.walFooterVersion ?? '',
    api: { ...structuredClone(pod), ...(customCA ? { customCA: { enabled: true, ...ca } } : {}) },
    brainstore: { locksBackend: locksBackend(config), ...roles },
  };
}

/** `over` merged into `base`: objects key by key, anything else replaced; empty objects add nothing. */
export function mergeValues(base: Values, over: Values): Values {
  const out: Values = { ...base };
  for (const [key, v] of Object.entries(over)) {
    const b = out[key];
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      if (b && typeof b === 'object' && !Array.isArray(b)) out[key] = mergeValues(b as Values, v as Values);
      else if (Object.keys(v).length) out[key] = v;
    } else out[key] = v;
  }
  return out;
}
