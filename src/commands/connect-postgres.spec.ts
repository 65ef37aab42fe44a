// `braintrust connect postgres`: metadata only (the handler is connect-postgres.ts).
import { defineCommand, text, type GroupSpec, type OptionValues } from './registry.js';
import { endpointOptions, sessionOptions } from './common-options.js';

export const connectGroup: GroupSpec = {
  name: 'connect',
  description: 'Debug sessions on the private Postgres, Redis and buckets (tunnelled, read-only by default, audited)',
};

const connectPostgresOptions = {
  query: text('--query <sql>', 'run this SQL and print the rows (no psql needed)'),
  ...sessionOptions,
  ...endpointOptions('5432'),
  database: text('--database <name>', 'database name (default: from the generated secret, else postgres)'),
};

export const connectPostgresCommand = defineCommand({
  name: 'connect postgres',
  description: 'psql on the deployment database, or one query with --query (read-only unless --write)',
  options: connectPostgresOptions,
  load: () => import('./connect-postgres.js'),
});
export type ConnectPostgresOptions = OptionValues<typeof connectPostgresOptions>;
