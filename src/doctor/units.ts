// Numbers and errors as doctor prints them.

export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/** An error as one line with its code (ENOTFOUND, AccessDenied) unless the message has it already. */
export function describeError(e: unknown): string {
  const err = e as (Error & { code?: string }) | undefined;
  const msg = err?.message || String(e);
  return err?.code && !msg.includes(err.code) ? `${msg} (${err.code})` : msg;
}
