// `braintrust connect redis`: metadata only (the handler is connect-redis.ts).
import { defineCommand, text, toggle, type OptionValues } from './registry.js';
import { endpointOptions, sessionOptions } from './common-options.js';

const connectRedisOptions = {
  command: text('--command <cmd>', 'run this command, e.g. "INFO memory" (no redis-cli needed)'),
  ...sessionOptions,
  ...endpointOptions('6379'),
  tls: toggle('--tls', 'use TLS (default on AWS and Azure)', { flags: '--no-tls', description: 'do not use TLS' }),
};

export const connectRedisCommand = defineCommand({
  name: 'connect redis',
  description: 'An interactive Redis prompt, or one command with --command (write commands need --write)',
  options: connectRedisOptions,
  load: () => import('./connect-redis.js'),
});
export type ConnectRedisOptions = OptionValues<typeof connectRedisOptions>;
