// Statements as they may be written to the audit log: literal values replaced by `?` so data
// (and any password typed into a query) never lands there, while the shape stays reviewable.

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
 * Drop anything that looks like a credential from free text (error messages).
 * Linear time on any input (a 1 MB line included): every pattern starts only at the start of
 * a run (lookbehind) and scans a bounded distance, so no position is rescanned per start.
 */
export function redactSecrets(text: string, secrets: (string | undefined)[] = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('***');
  return out
    .replace(/((?<!\w)\w+:\/\/[^:/\s@]{1,256}:)[^@\s]{1,256}@/g, '$1***@')
    .replace(/((?:password|passwd|pwd|auth_token|token|secret)[ \t]{0,64}[=:][ \t]{0,64})("[^"\n]{0,1024}"|'[^'\n]{0,1024}'|\S+)/gi, '$1***');
}
