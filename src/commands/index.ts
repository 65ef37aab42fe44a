// The command list: metadata only, one defineCommand per command in src/commands/<name>.spec.ts
// beside its handler. Handlers are import()ed when their command runs.
// Each issue adds its own entries; --help lists only commands that really work.
import type { CommandSpec, GroupSpec } from './registry.js';
import { initCommand } from './init.spec.js';
import { installCommand } from './install.spec.js';
import { destroyCommand } from './destroy.spec.js';
import { sizingCheckCommand, sizingGroup } from './sizing.spec.js';
import { connectGroup, connectPostgresCommand } from './connect-postgres.spec.js';
import { connectRedisCommand } from './connect-redis.spec.js';
import { connectBucketCommand } from './connect-bucket.spec.js';
import { connectShellCommand } from './connect-shell.spec.js';
import { logsCommand } from './logs.spec.js';
import { statusCommand } from './status.spec.js';
import { restartCommand } from './restart.spec.js';
import { supportAccessGrantCommand, supportAccessGroup, supportAccessRevokeCommand, supportAccessStatusCommand } from './support-access.spec.js';
import { doctorCommand } from './doctor.spec.js';
import { supportBundleCommand, supportGroup } from './support-bundle.spec.js';
import { upgradeCommand } from './upgrade.spec.js';
import { telemetryDisableCommand, telemetryEnableCommand, telemetryGroup, telemetryStatusCommand } from './telemetry.spec.js';
import { rateLimitDisableCommand, rateLimitGroup, rateLimitSetCommand, rateLimitShowCommand } from './rate-limit.spec.js';
import { urlGroup, urlSetCommand, urlShowCommand } from './url.spec.js';
import { configExplainCommand, configGetCommand, configGroup, configListCommand, configSetCommand, configUnsetCommand } from './config.spec.js';
import { preflightCommand } from './preflight.spec.js';
import { driftCommand } from './drift.spec.js';
import { costCommand } from './cost.spec.js';
import { allowlistCommand } from './allowlist.spec.js';

export const groups: GroupSpec[] = [
  sizingGroup,
  connectGroup,
  supportAccessGroup,
  supportGroup,
  telemetryGroup,
  rateLimitGroup,
  urlGroup,
  configGroup,
];

export const commands: CommandSpec[] = [
  initCommand,
  installCommand,
  destroyCommand,
  sizingCheckCommand,
  connectPostgresCommand,
  connectRedisCommand,
  connectBucketCommand,
  connectShellCommand,
  logsCommand,
  statusCommand,
  restartCommand,
  supportAccessGrantCommand,
  supportAccessRevokeCommand,
  supportAccessStatusCommand,
  doctorCommand,
  supportBundleCommand,
  upgradeCommand,
  telemetryStatusCommand,
  telemetryEnableCommand,
  telemetryDisableCommand,
  rateLimitShowCommand,
  rateLimitSetCommand,
  rateLimitDisableCommand,
  urlShowCommand,
  urlSetCommand,
  configGetCommand,
  configSetCommand,
  configUnsetCommand,
  configListCommand,
  configExplainCommand,
  preflightCommand,
  driftCommand,
  costCommand,
  allowlistCommand,
];
