// The JSON Schema committed at templates/braintrust.schema.json, generated from the zod
// schema the CLI validates with, so editors autocomplete exactly what the CLI accepts.
import { z } from 'zod';
import { configSchema } from './schema.js';

export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://braintrust.dev/schemas/braintrust-deployment.json',
    title: 'Braintrust data plane deployment (braintrust.yaml)',
  };
}
