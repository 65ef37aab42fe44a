// postgres: through the same endpoint resolution and tunnel as `braintrust connect postgres`
// (or --postgres-url / --via direct): connects read-only, server version against the tier
// minimum (15+ testing, 17+ production), database size, connections vs max_connections.
import { effectiveTier } from '../../sizing/check.js';
import { minimum } from '../../sizing/requirements.js';
import { formatBytes } from '../units.js';
import { withStoreTunnel } from '../tunnel.js';
import { fail, needConfig, pass, warn, type DoctorCheck } from '../types.js';

const SQL = `SELECT current_setting('server_version_num')::int AS version_num,
  current_setting('server_version') AS version,
  pg_database_size(current_database()) AS db_bytes,
  (SELECT count(*) FROM pg_stat_activity)::int AS connections,
  current_setting('max_connections')::int AS max_connections`;

/** Above this share of max_connections new API connections start to fail under load. */
const CONNECTIONS_WARN = 0.8;

export const postgresCheck: DoctorCheck = {
  id: 'postgres',
  group: 'live',
  title: 'PostgreSQL',
  fix: 'Check the database is running and reachable through the tunnel (`braintrust connect postgres --query "SELECT 1"` shows the same path), and the credentials.',
  async run(dc, signal) {
    const config = needConfig(dc);
    const { runPostgresQuery, sslModeFromEnv } = await import('../../access/postgres.js');
    return withStoreTunnel(dc, 'postgres', signal, async (t, resolved) => {
      const started = performance.now();
      const res = await runPostgresQuery({
        host: t.host,
        port: t.port,
        user: resolved.credentials.username ?? 'postgres',
        password: resolved.credentials.password,
        database: resolved.credentials.database ?? 'postgres',
        serverName: resolved.target.host,
        sslMode: sslModeFromEnv(dc.env),
        // Through a tunnel, never answer a cleartext password request (as `connect postgres`).
        refuseCleartext: t.via !== 'direct',
      }, SQL, { readOnly: true, signal });
      const ms = Math.round(performance.now() - started);
      const row = res.rows[0] ?? {};
      const major = Math.floor(Number(row.version_num) / 10_000);
      const connections = Number(row.connections);
      const max = Number(row.max_connections);
      const tier = effectiveTier(config);
      const min = minimum('postgres', 'version', tier);
      const detail = `PostgreSQL ${String(row.version).split(' ')[0]}, database ${formatBytes(Number(row.db_bytes))}, ${connections}/${max} connections, via ${t.via} (${ms} ms)`;
      if (major < min) {
        return fail(`${detail}: version ${major} is below the ${tier} minimum ${min}`,
          `Upgrade PostgreSQL to ${min}+ (postgres.version in the config, then \`braintrust install\`; a major upgrade needs a snapshot first).`);
      }
      if (max > 0 && connections / max > CONNECTIONS_WARN) {
        return warn(`${detail}: over ${CONNECTIONS_WARN * 100}% of max_connections`,
          'Raise max_connections (a larger postgres.instanceType or the parameter group), or look for connection leaks with `braintrust connect postgres --query "SELECT application_name, count(*) FROM pg_stat_activity GROUP BY 1"`.');
      }
      return pass(detail);
    });
  },
};
