// `braintrust destroy`: metadata only (the handler is destroy.ts, loaded when the command runs).
import { defineCommand, flag, text, type OptionValues } from './registry.js';

const destroyOptions = {
  deleteData: flag('--delete-data', 'also delete databases, caches and buckets (irreversible)'),
  out: text('--out <dir>', 'where the synthesized stacks are written', 'braintrust.out'),
};

export const destroyCommand = defineCommand({
  name: 'destroy',
  description: 'Destroy the data plane (typed confirmation; data stores need --delete-data)',
  options: destroyOptions,
  load: () => import('./destroy.js'),
});
export type DestroyOptions = OptionValues<typeof destroyOptions>;
