// sizing: the config against every row of the hardware requirement tables (checkSizing).
import { checkSizing, effectiveTier } from '../../sizing/check.js';
import { countFindings } from '../../sizing/findings.js';
import { fail, needConfig, pass, warn, type DoctorCheck } from '../types.js';

export const sizingCheck: DoctorCheck = {
  id: 'sizing',
  group: 'local',
  title: 'Hardware sizing',
  fix: 'Run `braintrust sizing check` for every row and its fix.',
  async run(dc) {
    const config = needConfig(dc);
    const tier = effectiveTier(config);
    const findings = checkSizing(config);
    const n = countFindings(findings);
    const worst = findings.find((f) => f.status === 'fail') ?? findings.find((f) => f.status === 'warn');
    const counts = `${n.pass} pass, ${n.warn} warn, ${n.fail} fail (${tier} tier)`;
    if (!worst) return pass(`all ${findings.length} rows pass (${tier} tier)`);
    const first = `${worst.component} ${worst.check}: needs ${worst.required ?? '-'}${worst.unit ? ` ${worst.unit}` : ''}, has ${worst.actual ?? '-'}`;
    const hint = `${worst.hint} (all rows: \`braintrust sizing check\`)`;
    return n.fail ? fail(`${counts}; first: ${first}`, hint) : warn(`${counts}; first: ${first}`, hint);
  },
};
