// Human rendering of a cost estimate: one row per component line, the total, and what it leaves out.
import type { Output } from '../ui/output.js';
import type { CostEstimate, Money } from './estimate.js';

function money(m: Money, currency: string): string {
  if (m === 'unknown') return m;
  // Sub-dollar unit prices (per GB, per IOPS) keep their cents' fractions: $0.115, not $0.12.
  const text = Math.abs(m) < 1 && m !== 0 ? m.toFixed(4).replace(/(\.\d\d\d*?)0+$/, '$1') : m.toFixed(2);
  return `${currency === 'USD' ? '$' : `${currency} `}${text}`;
}

export function renderCost(out: Output, e: CostEstimate, opts: { brief?: boolean } = {}): void {
  if (!opts.brief) {
    out.table(['component', 'item', 'quantity', 'unit price / month', 'monthly'],
      e.components.map((l) => [l.component, l.item, `${l.quantity} ${l.unit.replace(/-month$/, '')}`, money(l.unitPrice, e.currency), money(l.monthly, e.currency)]));
    for (const n of e.notes) out.print(`note: ${n}`);
  }
  const unknown = e.components.filter((l) => l.monthly === 'unknown').length;
  out.print(`Estimated monthly cost (${e.region}, ${e.tier}, on-demand list prices): ${money(e.total, e.currency)}${e.complete ? '' : ` + ${unknown} unknown item(s)`}` +
    `${opts.brief ? ' (details: braintrust cost)' : ''}`);
}
