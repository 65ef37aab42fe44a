// Which names hold secrets (the key rule of redactForSupport, see redact.ts), and the secret
// values the environment holds. Kept apart from redact.ts so the doctor context can use it
// without loading the access layer's process tools (execa) before the checks start.

const SECRET_KEY = /pass(?:word|wd|phrase)?|pwd|secret|token|credential|private|signature|cookie|auth|dsn|connection[-_]?string|key/i;
const IDENTIFIER_KEY = /(?:arn|id|ids|name|ref|env|path|file)$/i;
const ALWAYS_SECRET_KEY = /access[-_]?key[-_]?id$/i;
/** The shell's working directories: "pwd" in the name, a path in the value. Redacting them
 * would turn every path under the current directory into *** (doctor details, bundles). */
const NOT_SECRET_KEY = /^(?:OLD)?PWD$/i;

/** A key whose scalar value is redacted whatever it looks like. */
export function isSecretKey(key: string): boolean {
  if (ALWAYS_SECRET_KEY.test(key)) return true;
  if (NOT_SECRET_KEY.test(key)) return false;
  return SECRET_KEY.test(key) && !IDENTIFIER_KEY.test(key);
}

/**
 * Secret values the environment holds (BRAINTRUST_PG_PASSWORD, AWS_SECRET_ACCESS_KEY, the
 * license key variable the config names): scrubbed literally wherever they appear.
 */
export function knownSecrets(env: NodeJS.ProcessEnv, extraNames: (string | undefined)[] = []): string[] {
  const names = new Set(Object.keys(env).filter(isSecretKey));
  for (const n of extraNames) if (n) names.add(n);
  return [...names].map((n) => env[n]).filter((v): v is string => typeof v === 'string' && v.length >= 6 && !/^(true|false|\d+)$/i.test(v));
}
