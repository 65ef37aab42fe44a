// Every redaction in one module, one name per job:
// - redactSql, redactRedisCommand: statements as they may be written to the audit log, literal
//   values replaced by `?` so data (and any password typed into a query) never lands there,
//   while the shape stays reviewable;
// - redactText: credentials in free text (an error message in the audit log);
// - redactForSupport: doctor messages, support-bundle files and ops log lines, structured data
//   by key and text by pattern (below).
import { isSecretKey } from './secret-keys.js';

export { isSecretKey, knownSecrets } from './secret-keys.js';

/** SQL: string, dollar-quoted and numeric literals become ?, comments are dropped. */
export function redactSql(sql: string): string {
  let out = '';
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      while (i < n && sql[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      out += ' ';
      continue;
    }
    if (c === '"') {
      // Quoted identifier: kept (names are not values).
      let j = i + 1;
      while (j < n && !(sql[j] === '"' && sql[j + 1] !== '"')) j += sql[j] === '"' ? 2 : 1;
      out += sql.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const prefixed = /[EeBbXxNn]/.test(c) && next === "'" && !/[\w$]/.test(sql[i - 1] ?? '');
    if (c === "'" || prefixed) {
      const escapes = c === 'E' || c === 'e';
      let j = i + (prefixed ? 2 : 1);
      while (j < n) {
        if (escapes && sql[j] === '\\') { j += 2; continue; }
        if (sql[j] === "'") {
          if (sql[j + 1] === "'") { j += 2; continue; }
          break;
        }
        j++;
      }
      out += '?';
      i = j + 1;
      continue;
    }
    if (c === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        out += '?';
        i = end < 0 ? n : end + tag[0].length;
        continue;
      }
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(next ?? ''))) {
      const prev = sql[i - 1] ?? '';
      const m = /^(0x[0-9a-fA-F_]+|[0-9_]*\.?[0-9_]+(?:[eE][+-]?[0-9]+)?)/.exec(sql.slice(i));
      if (m && !/[\w$.]/.test(prev)) {
        out += '?';
        i += m[0].length;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** Commands whose second word is a subcommand, kept in the log (CONFIG GET, CLIENT LIST). */
const REDIS_CONTAINERS = new Set([
  'ACL', 'CLIENT', 'CLUSTER', 'COMMAND', 'CONFIG', 'DEBUG', 'FUNCTION', 'LATENCY', 'MEMORY', 'MODULE',
  'OBJECT', 'PUBSUB', 'SCRIPT', 'SLOWLOG', 'XGROUP', 'XINFO',
]);

/** Redis: the command (and subcommand) kept, every argument (keys, values, passwords) a ?. */
export function redactRedisCommand(argv: string[]): string {
  if (argv.length === 0) return '';
  const cmd = argv[0].toUpperCase();
  const keep = REDIS_CONTAINERS.has(cmd) && argv[1] ? 2 : 1;
  const head = [cmd, ...(keep === 2 ? [argv[1].toUpperCase()] : [])];
  return [...head, ...argv.slice(keep).map(() => '?')].join(' ');
}

/**
 * redactText: drop anything that looks like a credential from free text (an error message for
 * the audit log): the given secret values, URL passwords and password=/token= pairs.
 * Linear time on any input (a 1 MB line included): every pattern starts only at the start of
 * a run (lookbehind) and scans a bounded distance, so no position is rescanned per start.
 */
export function redactText(text: string, secrets: (string | undefined)[] = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('***');
  return out
    .replace(/((?<!\w)\w+:\/\/[^:/\s@]{1,256}:)[^@\s]{1,256}@/g, '$1***@')
    .replace(/((?:password|passwd|pwd|auth_token|token|secret)[ \t]{0,64}[=:][ \t]{0,64})("[^"\n]{0,1024}"|'[^'\n]{0,1024}'|\S+)/gi, '$1***');
}

// redactForSupport: the redaction every doctor message, support-bundle file and ops log line
// goes through. It composes redactText (URL passwords, password=...)
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

function redactSupportText(text: string, known: readonly (string | undefined)[]): string {
  const arns: string[] = [];
  let out = text.replace(ARN, (arn) => `\u0000${arns.push(arn) - 1}\u0000`);
  out = redactText(out, [...known]); // the audit log's scrubber first, then the support patterns
  for (const p of TEXT_PATTERNS) out = typeof p === 'function' ? p(out) : out.replace(p[0], p[1]);
  return out.replace(/\u0000(\d+)\u0000/g, (_, i: string) => arns[Number(i)]);
}

/**
 * Redact a string (free text, a whole file) or structured data (config, outputs, a log
 * line): secret-named keys by key, every string by the text patterns and the known values.
 */
export function redactForSupport<T>(value: T, known: readonly (string | undefined)[] = []): T {
  return redactValue(value, known) as T;
}

function redactValue(value: unknown, known: readonly (string | undefined)[], key?: string): unknown {
  if (key !== undefined && isSecretKey(key) && (typeof value === 'string' || typeof value === 'number') && value !== '') return REDACTED;
  if (typeof value === 'string') return redactSupportText(value, known);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, known, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redactValue(v, known, k)]));
  }
  return value;
}
