// `api.extraEnv` / `brainstore.extraEnv`: the escape hatch for a variable Braintrust support
// asks for that the config has no field for. Names are environment variable names; values are
// plain settings: anything that looks like a credential belongs in the cloud's secret store.
import { z } from 'zod';

export const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** Names whose value is a credential by convention (…_KEY, …_SECRET, …_TOKEN, …PASSWORD). */
const SECRET_NAME = /(SECRET|PASSWORD|PASSWD|TOKEN|CREDENTIAL|PRIVATE_KEY|API_KEY|ACCESS_KEY)/;

/** Values with the shape of a key: provider prefixes, PEM blocks, URLs with a password, long random strings. */
const SECRET_VALUE: RegExp[] = [
  /^(sk|pk|rk)[-_][A-Za-z0-9_-]{16,}/, // OpenAI/Anthropic/Stripe-style keys
  /^(AKIA|ASIA)[A-Z0-9]{16}$/, // AWS access key ids
  /^gh[pousr]_[A-Za-z0-9]{20,}/, // GitHub tokens
  /^xox[abpr]-/, // Slack tokens
  /^AIza[0-9A-Za-z_-]{30,}/, // Google API keys
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/, // scheme://user:password@host
  /^eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./, // JWTs
];

/** Why a value looks like a secret, or undefined when it does not. */
export function secretLooking(name: string, value: string): string | undefined {
  if (SECRET_NAME.test(name) && value !== '') return `the name ${name} says it holds a credential`;
  if (SECRET_VALUE.some((re) => re.test(value))) return 'the value has the shape of a key or a URL with a password';
  // 32+ characters of base64/hex with no spaces and mixed letters and digits: a generated key.
  if (/^[A-Za-z0-9+/=_-]{32,}$/.test(value) && /[0-9]/.test(value) && /[A-Za-z]/.test(value)) return 'the value looks like a generated key';
  return undefined;
}

/** A map of extra environment variables, validated (names) and refused when a value looks like a secret. */
export function extraEnvSchema(field: string) {
  return z
    .record(z.string().regex(ENV_NAME, { message: `Invalid variable name: must match ${ENV_NAME}` }), z.string())
    .superRefine((env, ctx) => {
      for (const [name, value] of Object.entries(env)) {
        const why = secretLooking(name, value);
        if (why) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: [name],
            message: `${field}.${name} looks like a secret (${why}); extraEnv values end up in plain text in the Terraform state and the function/instance configuration. Store it in the cloud's secret store (AWS Secrets Manager, GCP Secret Manager, Azure Key Vault) and ask Braintrust support how the data plane should read it.`,
          });
        }
      }
    })
    .optional()
    .describe(`Extra environment variables (${field}): for settings Braintrust support asks for; never secrets`);
}
