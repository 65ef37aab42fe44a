// node: the Node.js running the CLI meets package.json "engines" (>= 20.9).
import { compareVersions } from '../../upgrade/version.js';
import { fail, pass, type DoctorCheck } from '../types.js';

export const MIN_NODE = '20.9.0';

export const nodeCheck: DoctorCheck = {
  id: 'node',
  group: 'local',
  title: 'Node.js version',
  fix: 'Install Node.js 20.9 or newer (https://nodejs.org/en/download, or `nvm install 20`).',
  async run() {
    const v = process.versions.node;
    if (compareVersions(v, MIN_NODE) < 0) return fail(`Node.js v${v} is older than ${MIN_NODE}`, this.fix);
    return pass(`Node.js v${v}`);
  },
};
