// clients: psql and redis-cli for interactive `braintrust connect` sessions. Only a warning:
// one-shot --query/--command and doctor itself use built-in clients.
import { pass, warn, type DoctorCheck } from '../types.js';

const CLIENTS = ['psql', 'redis-cli'] as const;

export const clientsCheck: DoctorCheck = {
  id: 'clients',
  group: 'local',
  title: 'psql and redis-cli',
  fix: 'Install the PostgreSQL and Redis command-line clients.',
  async run(dc) {
    const { TOOL_HINTS, findExecutable } = await import('../../access/tools.js');
    const found = await Promise.all(CLIENTS.map(async (t) => [t, await findExecutable(t, dc.env)] as const));
    const missing = found.filter(([, p]) => !p).map(([t]) => t);
    if (missing.length) {
      return warn(`not found: ${missing.join(', ')} (interactive connect sessions need them; one-shot --query/--command do not)`,
        missing.map((t) => TOOL_HINTS[t]).join(' | '));
    }
    return pass('psql and redis-cli found');
  },
};
