// Kept for `init` until it emits `cost.brief` (src/ui/messages/cost.ts holds the renderer).
import type { Output } from '../ui/output.js';
import { writer } from '../ui/io.js';
import { renderCost as renderCostWith } from '../ui/messages/cost.js';
import type { CostEstimate } from './estimate.js';

export function renderCost(out: Output, e: CostEstimate, opts: { brief?: boolean } = {}): void {
  renderCostWith(writer(out, 'result'), e, opts);
}
