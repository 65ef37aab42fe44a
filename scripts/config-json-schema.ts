// Dev-time only (zod-to-json-schema is a devDependency): used by scripts/write-templates.ts.
// The JSON Schema committed at templates/braintrust.schema.json, generated from the zod
// schema the CLI validates with, so editors autocomplete exactly what the CLI accepts.
import { zodToJsonSchema } from 'zod-to-json-schema';
import { configSchema } from '../src/config/schema.js';

export function configJsonSchema(): Record<string, unknown> {
  // The input side: fields with defaults stay optional; refinements describe what they refine.
  const schema = zodToJsonSchema(configSchema, {
    target: 'jsonSchema7',
    $refStrategy: 'none',
    pipeStrategy: 'input',
    effectStrategy: 'input',
  }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://braintrust.dev/schemas/braintrust-deployment.json',
    title: 'Braintrust data plane deployment (braintrust.yaml)',
  };
}
