// Where the CLI's own files live, and where a deployment keeps its state.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The package root (this file is compiled to dist/src/paths.js). */
export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
export const templatesDir = join(packageRoot, 'templates');
export const exampleConfigPath = join(templatesDir, 'braintrust.example.yaml');

/** `.braintrust/` beside the config file: outputs.json, history.jsonl, audit.jsonl (src/state/ owns it). */
export { stateDirOf as stateDir } from './state/paths.js';
