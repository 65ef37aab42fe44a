// An ephemeral login role for the interactive read-only psql session (connect postgres without
// --write): created with the admin credentials, a member of pg_read_all_data (PostgreSQL 14+)
// and nothing else, so it cannot write whatever it SETs; dropped when the session ends. Its
// password is random, expires with the session (VALID UNTIL), and reaches psql only through
// PGPASSWORD; the server is sent a SCRAM verifier, never the password.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { connect, type PgEndpoint } from './postgres.js';
import { raceAbort } from './session.js';

export const EPHEMERAL_ROLE_PREFIX = 'bt_ro_';

/** bt_ro_ and 12 random hex digits (a valid unquoted identifier; still quoted when used). */
export function ephemeralRoleName(): string {
  return `${EPHEMERAL_ROLE_PREFIX}${randomBytes(6).toString('hex')}`;
}

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802/7677 keys, in the
 * format of pg_authid.rolpassword): CREATE ROLE ... PASSWORD '<verifier>' is stored as given,
 * so the password never appears in the server's statement log or pg_stat_activity.
 */
export function scramVerifier(password: string, salt: Buffer = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

export interface ReadOnlyRole {
  name: string;
  /** Random hex: for PGPASSWORD in psql's environment only. */
  password: string;
}

/**
 * Create the role in one transaction (all or nothing). Throws the server's error when the admin
 * may not (no CREATEROLE, cannot grant pg_read_all_data, a server before 14).
 */
export async function createReadOnlyRole(admin: PgEndpoint, name: string, validUntil: Date, signal: AbortSignal): Promise<ReadOnlyRole> {
  const password = randomBytes(24).toString('hex');
  const client = await connect(admin, signal);
  try {
    const id = client.escapeIdentifier(name);
    await raceAbort(client.query('BEGIN'), signal);
    try {
      await raceAbort(client.query(`CREATE ROLE ${id} LOGIN INHERIT PASSWORD ${client.escapeLiteral(scramVerifier(password))} `
        + `VALID UNTIL ${client.escapeLiteral(validUntil.toISOString())} IN ROLE pg_read_all_data`), signal);
      await raceAbort(client.query(`ALTER ROLE ${id} SET default_transaction_read_only = on`), signal);
      await raceAbort(client.query('COMMIT'), signal);
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    }
    return { name, password };
  } finally {
    void client.end().catch(() => {});
  }
}

/**
 * End the role's backends and drop it. Runs at teardown, after the session's signal may have
 * aborted (time limit, Ctrl-C), so it has its own bounded time.
 */
export async function dropReadOnlyRole(admin: PgEndpoint, name: string, timeoutMs = 15_000): Promise<void> {
  const signal = AbortSignal.timeout(timeoutMs);
  const client = await connect(admin, signal);
  try {
    const id = client.escapeIdentifier(name);
    // No new logins, then end the sessions still open (waiting up to 5 s for each to exit).
    await raceAbort(client.query(`ALTER ROLE ${id} NOLOGIN`), signal);
    await raceAbort(client.query('SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE usename = $1', [name]), signal);
    // Objects it could create through PUBLIC's grants (a schema that still grants CREATE to
    // PUBLIC, as public did before PostgreSQL 15) would block DROP ROLE: drop them first.
    await raceAbort(client.query(`DROP OWNED BY ${id}`), signal).catch(() => {});
    await raceAbort(client.query(`DROP ROLE IF EXISTS ${id}`), signal);
  } finally {
    void client.end().catch(() => {});
  }
}
