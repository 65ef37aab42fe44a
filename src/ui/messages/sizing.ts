// Sizing: the findings table and its summary line (sizing check, install, every deploy).
import { message } from '../message-def.js';
import type { Finding } from '../../sizing/check.js';
import { renderFindings } from '../findings.js';

export interface SizingCheckData {
  ok: boolean;
  name: string;
  cloud: string;
  tier: string;
  findings: readonly Finding[];
}

export const sizingMessages = {
  /** `braintrust sizing check`: {"ok", "cloud", "tier", "findings"} with --json. */
  'sizing.check': message<SizingCheckData>({
    level: 'result',
    json: ({ ok, cloud, tier, findings }) => ({ ok, cloud, tier, findings }),
    human: (d, w) => {
      w.line(`Sizing of ${d.name} (${d.cloud}, ${d.tier} tier):`);
      renderFindings(w, d.findings);
    },
  }),
  /** A docker config asked for the production tier: it is checked against testing. */
  'sizing.docker-production': message<{ fromFlag: boolean }>({
    level: 'warn',
    human: ({ fromFlag }) => `docker deployments are checked against the testing tier, not ${fromFlag ? '--tier production' : 'the config\'s tier: production'} (production needs aws, gcp or azure)`,
  }),
  /** Failing findings that do not stop the deploy (testing tier, or --allow-undersized). */
  'sizing.failing': message<{ count: number; allowUndersized: boolean }>({
    level: 'warn',
    human: ({ count, allowUndersized }) => `${count} sizing finding(s) fail${allowUndersized ? ' (--allow-undersized)' : ''}; see \`braintrust sizing check\``,
  }),
  /** The findings as a table; with --json they are part of the command's own document. */
  'sizing.findings': message<readonly Finding[]>({
    level: 'result',
    json: false,
    human: (findings, w) => renderFindings(w, findings),
  }),
};
