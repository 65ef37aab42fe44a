// "12,000" and "1,234.5": what toLocaleString('en-US') prints, without it. The first
// toLocaleString call loads ICU's locale data, about 100 ms of every `sizing check` and dry run.
export function groupThousands(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const [int, frac] = String(Math.round(Math.abs(n) * 1000) / 1000).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}
