// How connect's results read on a terminal: pure formatting (no npm import), shared by the
// access layer and the message catalog (src/ui/messages/connect.ts).

/** A cell as text for tables: NULL stays visible, bytes as \x hex, objects as JSON. */
export function formatCell(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (v instanceof Date) return v.toISOString();
  if (Buffer.isBuffer(v)) return '\\x' + v.toString('hex');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Rows safe for JSON output (bytes as \x hex). */
export function jsonRows(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Buffer.isBuffer(v) ? formatCell(v) : v])));
}

/** A reply as redis-cli prints it. */
export function formatRedisReply(reply: unknown, indent = ''): string {
  if (reply === null || reply === undefined) return '(nil)';
  if (typeof reply === 'number') return `(integer) ${reply}`;
  if (Buffer.isBuffer(reply)) return JSON.stringify(reply.toString('utf8'));
  if (typeof reply === 'string') return reply.includes('\n') ? reply : JSON.stringify(reply);
  if (Array.isArray(reply)) {
    if (reply.length === 0) return '(empty array)';
    const width = String(reply.length).length;
    return reply
      .map((item, i) => {
        const label = `${String(i + 1).padStart(width)}) `;
        const body = formatRedisReply(item, indent + ' '.repeat(label.length));
        return (i === 0 ? '' : indent) + label + body;
      })
      .join('\n');
  }
  return JSON.stringify(reply);
}

/** Control characters (and bidi overrides) as visible escapes, for key names on a terminal. */
export function escapeControl(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    const code = c.charCodeAt(0);
    return named[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}
