// Regenerates the committed templates that derive from code: the config JSON Schema and the
// shipped example config. Run `npm run templates`; a test fails when they are stale.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { configJsonSchema } from './config-json-schema.js';
import { exampleConfig } from '../src/config/defaults.js';
import { serializeConfig } from '../src/config/load.js';
import { templatesDir, exampleConfigPath } from '../src/paths.js';

export const EXAMPLE = { cloud: 'aws', tier: 'production', name: 'braintrust', org: 'example-org', region: 'us-east-1' } as const;

export async function renderTemplates(): Promise<Record<string, string>> {
  const example = exampleConfig(EXAMPLE.cloud, EXAMPLE.tier, { name: EXAMPLE.name, org: EXAMPLE.org, region: EXAMPLE.region });
  return {
    [join(templatesDir, 'braintrust.schema.json')]: JSON.stringify(configJsonSchema(), null, 2) + '\n',
    [exampleConfigPath]: await serializeConfig(example, exampleConfigPath),
  };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  for (const [path, text] of Object.entries(await renderTemplates())) {
    await writeFile(path, text);
    console.log(`wrote ${path}`);
  }
}
