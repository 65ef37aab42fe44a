// Terraform evaluates `${...}` and `%{...}` in every string of the synthesized JSON, so a config
// value such as orgName: ${file("/etc/hostname")} would be run by `terraform plan`. Every
// user-supplied string is escaped ($${ and %%{ are Terraform's literal forms) here, in one
// place, before any cloud's stack is built (stacks/synth.ts). The references the stacks create
// themselves are added after this and stay live.
import type { Config } from './schema.js';

/** `${` -> `$${`, `%{` -> `%%{`: Terraform then prints the text as written. */
export function escapeTemplateString(s: string): string {
  return s.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

function escapeDeep(v: unknown): unknown {
  if (typeof v === 'string') return escapeTemplateString(v);
  if (Array.isArray(v)) return v.map(escapeDeep);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [escapeTemplateString(k), escapeDeep(x)]));
  }
  return v;
}

/**
 * The config as the stacks see it: every string (and map key, e.g. tag names) escaped. `state`
 * is left as is: backend settings are not templates (Terraform refuses `${` there), and the
 * config validation refuses template characters in them.
 */
export function escapeConfigForTerraform(config: Config): Config {
  const { state, ...rest } = config;
  return { ...(escapeDeep(rest) as Omit<Config, 'state'>), state } as Config;
}

/** True when a string would be read by Terraform as an expression or directive. */
export function hasTemplateSequence(s: string): boolean {
  return /\$\{|%\{/.test(s);
}
