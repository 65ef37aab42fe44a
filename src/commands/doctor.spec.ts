// `braintrust doctor`: metadata only (the handler is doctor.ts).
import { defineCommand, type OptionValues } from './registry.js';
import { doctorOptions } from './common-options.js';

export const doctorCommand = defineCommand({
  name: 'doctor',
  description: 'Check tools, credentials, policy and the live deployment (API, CORS, TLS, Postgres, Redis, buckets, Brainstore)',
  options: doctorOptions,
  load: () => import('./doctor.js'),
});
export type DoctorCommandOptions = OptionValues<typeof doctorOptions>;
