// Kept only for the deploy gate (src/preflight/gate.ts) until it emits a message: the
// renderer is the message catalog's (src/ui/messages/preflight.ts). Delete when unused.
import type { Output } from '../ui/output.js';
import { writer } from '../ui/io.js';
import { renderPreflight as renderReport } from '../ui/messages/preflight.js';
import type { PreflightReport } from './run.js';

/** @deprecated emit a message whose renderer calls the catalog's renderPreflight. */
export function renderPreflight(out: Output, report: PreflightReport, durationMs: number): void {
  renderReport(writer(out, 'result'), report, durationMs);
}
