// braintrust cost: monthly estimate per component from the price tables shipped in templates/
// (no network). --tier prices the shipped defaults of that tier in the config's cloud and region.
// --json: {currency, region, tier, components: [{component, item, quantity, unit, unitPrice,
// monthly}], total, complete, sources, basis, notes}; unknown prices are the string "unknown".
import type { Handler } from '../context.js';
import { loadConfig } from '../config/load.js';
import { configSchema } from '../config/schema.js';
import { exampleConfig } from '../config/defaults.js';
import { usageError } from '../ui/errors.js';
import { costOf } from '../cost/estimate.js';
import type { CostOptions } from './cost.spec.js';

export const run: Handler<CostOptions> = async (ctx, opts) => {
  let { config } = await loadConfig(ctx.globals.config);
  if (opts.tier && opts.tier !== config.tier) {
    config = configSchema.parse(exampleConfig(config.cloud, opts.tier, { name: config.name, org: config.orgName, region: config.region }));
  }
  const estimate = await costOf(config);
  if (!estimate) throw usageError('docker deployments run on a host you already pay for: there is nothing to price', 'Run `braintrust cost` with an aws, gcp or azure config.');
  ctx.io.emit('cost.estimate', estimate);
  return 0;
};
