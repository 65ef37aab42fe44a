// `braintrust drift`: metadata only (the handler is drift.ts).
import { defineCommand, text, type OptionValues } from './registry.js';

const driftOptions = { out: text('--out <dir>', 'where the synthesized stacks are written', 'braintrust.out') };

export const driftCommand = defineCommand({
  name: 'drift',
  description: 'Resources changed outside braintrust (terraform plan -refresh-only), and config changes not yet applied (exit 1 on drift)',
  options: driftOptions,
  load: () => import('./drift.js'),
});
export type DriftOptions = OptionValues<typeof driftOptions>;
