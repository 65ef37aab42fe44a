// Cost estimates: `braintrust cost` (one row per component line, the notes and the total; with
// --json the estimate itself) and the one-line total the install dry run and init show.
import { message, type HumanWriter } from '../message-def.js';
import type { CostEstimate, Money } from '../../cost/estimate.js';

function money(m: Money, currency: string): string {
  if (m === 'unknown') return m;
  // Sub-dollar unit prices (per GB, per IOPS) keep their cents' fractions: $0.115, not $0.12.
  const text = Math.abs(m) < 1 && m !== 0 ? m.toFixed(4).replace(/(\.\d\d\d*?)0+$/, '$1') : m.toFixed(2);
  return `${currency === 'USD' ? '$' : `${currency} `}${text}`;
}

/** The estimate as a table, its notes and the total; `brief`: the total line only, pointing at `braintrust cost`. */
export function renderCost(w: HumanWriter, e: CostEstimate, opts: { brief?: boolean } = {}): void {
  if (!opts.brief) {
    w.table(['component', 'item', 'quantity', 'unit price / month', 'monthly'],
      e.components.map((l) => [l.component, l.item, `${l.quantity} ${l.unit.replace(/-month$/, '')}`, money(l.unitPrice, e.currency), money(l.monthly, e.currency)]));
    for (const n of e.notes) w.line(`note: ${n}`);
  }
  const unknown = e.components.filter((l) => l.monthly === 'unknown').length;
  w.line(`Estimated monthly cost (${e.region}, ${e.tier}, on-demand list prices): ${money(e.total, e.currency)}${e.complete ? '' : ` + ${unknown} unknown item(s)`}` +
    `${opts.brief ? ' (details: braintrust cost)' : ''}`);
}

export const costMessages = {
  /** `braintrust cost`: the estimate ({currency, region, tier, components, total, complete, sources, basis, notes} with --json). */
  'cost.estimate': message<CostEstimate>({
    level: 'result',
    human: (e, w) => renderCost(w, e),
  }),
  /** The one-line total (details: braintrust cost); with --json the estimate is part of the command's document. */
  'cost.brief': message<CostEstimate>({
    level: 'result',
    json: false,
    human: (e, w) => renderCost(w, e, { brief: true }),
  }),
};
