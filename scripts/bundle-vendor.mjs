// Build step: dependencies that every config-reading command loads, each as one file under
// dist/vendor/ (see src/config/yaml.ts for why).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
await build({
  entryPoints: ['yaml'],
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: `${root}dist/vendor/yaml.cjs`,
  logLevel: 'warning',
  legalComments: 'none',
});
