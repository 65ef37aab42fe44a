// redactSecrets: the one redaction every doctor message and every support-bundle file goes
// through. It composes the access layer's free-text scrubber (URL passwords, password=...)
// with patterns for credentials support bundles meet, and redacts structured data by key.
//
// What counts as a secret (decided here, documented in the README):
// - Any string or number under a key whose name mentions password/passwd/pwd, secret, token,
//   credential, private, signature, cookie, auth, dsn, connection string, or key.
// - Except identifiers: such keys ending in arn, id, ids, name, ref, env, path or file
//   (postgres_secret_arn, kms_key_arn, secretRef, ssh_key_name, brainstoreLicenseKey.env)
//   name WHERE a secret lives, which support needs and which grants nothing on its own.
//   access_key_id is the exception to the exception (an AWS access key id stays hidden).
// - In any text: user:password@ in URLs, password=/token=/secret= pairs, NAME_SECRET=...
//   assignments, "...password...": "..." JSON pairs, AWS access key ids (AKIA/ASIA...) and
//   40-character secret keys, Bearer/Basic credentials, JWTs, PEM private keys, signed-URL
//   query parameters (sig, X-Amz-Signature, X-Amz-Credential, token, key), AccountKey= in
//   Azure connection strings, and every known secret value (passwords from the environment).
//   AWS ARNs are kept whole: they name a resource (even a secret's), never hold one.
import { redactSecrets as redactFreeText } from '../access/redact.js';
import { isSecretKey } from './secret-keys.js';

export { isSecretKey, knownSecrets } from './secret-keys.js';

export const REDACTED = '***';

const SECRET_WORD = '(?:password|passwd|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|license[-_]?key|account[-_]?key)';
// Every pattern is linear in the text (issue 11): matches start only where an unbounded run
// begins, or scan a bounded distance, so a 1 MB line is never rescanned from each position.
const TEXT_PATTERNS: Array<[RegExp, string] | ((text: string) => string)> = [
  // URLs with an empty user (redis://:password@host): the access scrubber needs a user name.
  [/((?<![\w+.-])[a-z][\w+.-]*:\/\/:)[^@\s/]{1,256}@/gi, `$1${REDACTED}@`],
  [/-----BEGIN [A-Z ]{0,64}PRIVATE KEY-----(?:(?!-----BEGIN )[\s\S])*?-----END [A-Z ]{0,64}PRIVATE KEY-----/g, `-----BEGIN PRIVATE KEY----- ${REDACTED} -----END PRIVATE KEY-----`],
  [new RegExp(`("[^"\\n]{0,256}${SECRET_WORD}[^"\\n]{0,256}"[ \\t]{0,64}:[ \\t]{0,64})"(?:[^"\\\\\\n]|\\\\.)*"`, 'gi'), `$1"${REDACTED}"`],
  redactAssignments,
  [/\b(AccountKey|SharedAccessKey|SharedAccessSignature)=[^;\s"']+/gi, `$1=${REDACTED}`],
  [/([?&;](?:sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token|access_token|token|api_key|apikey|key|code)=)[^&\s"';]+/gi, `$1${REDACTED}`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, REDACTED],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, REDACTED],
  // A 40-character base64 run with upper and lower case and a digit or /+: an AWS secret key
  // (a SHA-1 or git hash is lowercase hex, so it survives).
  [/(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+=]*[A-Z])(?=[A-Za-z0-9/+=]*[a-z])(?=[A-Za-z0-9/+=]*[0-9/+])[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/g, REDACTED],
];

/** NAME=value / NAME: value where NAME mentions a secret word: the value becomes ***. */
const ASSIGNMENT = /(?<![\w.-])([\w.-]+)([ \t]*[=:][ \t]*)/g;
const SECRET_NAME = new RegExp(SECRET_WORD, 'i');
const ASSIGNED_VALUE = /"[^"\n]{0,1024}"|'[^'\n]{0,1024}'|[^\s,;&}'"]+/y;

function redactAssignments(text: string): string {
  let out = '';
  let from = 0;
  ASSIGNMENT.lastIndex = 0;
  for (let m = ASSIGNMENT.exec(text); m; m = ASSIGNMENT.exec(text)) {
    if (!SECRET_NAME.test(m[1])) continue;
    ASSIGNED_VALUE.lastIndex = ASSIGNMENT.lastIndex;
    const v = ASSIGNED_VALUE.exec(text);
    if (!v) continue;
    out += text.slice(from, ASSIGNMENT.lastIndex) + REDACTED;
    from = ASSIGNMENT.lastIndex = ASSIGNED_VALUE.lastIndex;
  }
  return out + text.slice(from);
}

/** ARNs name resources (arn:aws:secretsmanager:...:secret:pg): kept whole, never a credential. */
const ARN = /\barn:aws[\w-]*:[\w-]+:[\w-]*:\d{0,12}:[^\s"',;]+/g;

function redactText(text: string, known: readonly (string | undefined)[]): string {
  const arns: string[] = [];
  let out = text.replace(ARN, (arn) => `\u0000${arns.push(arn) - 1}\u0000`);
  out = redactFreeText(out, [...known]);
  for (const p of TEXT_PATTERNS) out = typeof p === 'function' ? p(out) : out.replace(p[0], p[1]);
  return out.replace(/\u0000(\d+)\u0000/g, (_, i: string) => arns[Number(i)]);
}

/**
 * Redact a string (free text, a whole file) or structured data (config, outputs, a log
 * line): secret-named keys by key, every string by the text patterns and the known values.
 */
export function redactSecrets<T>(value: T, known: readonly (string | undefined)[] = []): T {
  return redactValue(value, known) as T;
}

function redactValue(value: unknown, known: readonly (string | undefined)[], key?: string): unknown {
  if (key !== undefined && isSecretKey(key) && (typeof value === 'string' || typeof value === 'number') && value !== '') return REDACTED;
  if (typeof value === 'string') return redactText(value, known);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, known, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redactValue(v, known, k)]));
  }
  return value;
}
