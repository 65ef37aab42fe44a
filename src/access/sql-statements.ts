// Which statements a read-only one-shot query holds: split on top-level semicolons (quotes,
// quoted identifiers, dollar quotes and comments respected), and recognise the statements that
// end, open or reconfigure a transaction or the session. Without --write such a statement is
// refused before anything is sent: the rest of the read-only guard (BEGIN READ ONLY ...
// ROLLBACK around one statement on the extended protocol) must not be undone from inside.
import { BraintrustError } from '../ui/errors.js';

/** Top-level statements, trimmed, empty ones dropped. Linear in the text. */
export function splitSqlStatements(sql: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  const n = sql.length;
  const skipTo = (end: number) => { i = end < 0 ? n : end; };
  while (i < n) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === '-' && next === '-') { skipTo(sql.indexOf('\n', i)); continue; }
    if (c === '/' && next === '*') {
      // Block comments nest in PostgreSQL.
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (sql[i] === '/' && sql[i + 1] === '*') { depth++; i += 2; } else if (sql[i] === '*' && sql[i + 1] === '/') { depth--; i += 2; } else i++;
      }
      continue;
    }
    if (c === "'" || c === '"') {
      const escapes = c === "'" && /[Ee]/.test(sql[i - 1] ?? '') && !/[\w$]/.test(sql[i - 2] ?? '');
      let j = i + 1;
      while (j < n) {
        if (escapes && sql[j] === '\\') { j += 2; continue; }
        if (sql[j] === c) {
          if (sql[j + 1] === c) { j += 2; continue; }
          break;
        }
        j++;
      }
      i = j + 1;
      continue;
    }
    if (c === '$' && !/[\w$]/.test(sql[i - 1] ?? '')) {
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 66));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        i = end < 0 ? n : end + tag[0].length;
        continue;
      }
    }
    if (c === ';') {
      out.push(sql.slice(start, i));
      start = i + 1;
    }
    i++;
  }
  out.push(sql.slice(start));
  return out.map((s) => s.trim()).filter((s) => stripComments(s) !== '');
}

/** The statement from its first token on: leading whitespace and comments skipped (linear). */
function stripComments(stmt: string): string {
  let i = 0;
  for (;;) {
    while (i < stmt.length && /\s/.test(stmt[i])) i++;
    if (stmt.startsWith('--', i)) {
      const end = stmt.indexOf('\n', i);
      i = end < 0 ? stmt.length : end + 1;
    } else if (stmt.startsWith('/*', i)) {
      let depth = 1;
      i += 2;
      while (i < stmt.length && depth > 0) {
        if (stmt.startsWith('/*', i)) { depth++; i += 2; } else if (stmt.startsWith('*/', i)) { depth--; i += 2; } else i++;
      }
    } else return stmt.slice(i);
  }
}

/** Statements that end/open a transaction or change session state. */
const SESSION_OR_TRANSACTION = new Set([
  'BEGIN', 'START', 'COMMIT', 'END', 'ROLLBACK', 'ABORT', 'SAVEPOINT', 'RELEASE', 'PREPARE',
  'SET', 'RESET', 'DISCARD', 'LOAD', 'DEALLOCATE',
]);

/** The statement's first keyword, upper-cased ('' when there is none). */
export function firstKeyword(stmt: string): string {
  const m = /^[\s(]*([A-Za-z_]+)/.exec(stripComments(stmt));
  return m ? m[1].toUpperCase() : '';
}

export function isSessionOrTransactionStatement(stmt: string): boolean {
  return SESSION_OR_TRANSACTION.has(firstKeyword(stmt));
}

function refused(message: string, hint: string): BraintrustError {
  return new BraintrustError(message, { code: 'STATEMENT_REFUSED', hint });
}

/**
 * The one statement a read-only one-shot may run, or a usage error (exit 2): more than one
 * statement, or a transaction/session statement, needs --write.
 */
export function readOnlyStatement(sql: string): string {
  const statements = splitSqlStatements(sql);
  if (statements.length === 0) throw refused('--query holds no SQL statement', 'Pass the SQL to run, e.g. --query "SELECT 1".');
  if (statements.length > 1) {
    throw refused(`--query holds ${statements.length} statements; a read-only query runs exactly one`,
      'Run them one at a time, or pass --write (and confirm) to run several.');
  }
  const [stmt] = statements;
  if (isSessionOrTransactionStatement(stmt)) {
    throw refused(`Refused: ${firstKeyword(stmt)} changes the transaction or session, which a read-only query must not`,
      'A read-only --query runs one statement inside BEGIN READ ONLY ... ROLLBACK. Pass --write (and confirm) if you really mean it.');
  }
  return stmt;
}
