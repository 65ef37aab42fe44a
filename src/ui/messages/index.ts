// The message catalog: every code the CLI emits, with its level and how it renders. One file
// per area; a code's data is the parameter type of its renderer.
import type { MessageDef } from '../message-def.js';
import { doctorMessages } from './doctor.js';
import { sizingMessages } from './sizing.js';
import { configMessages } from './config.js';
import { settingsMessages } from './settings.js';
import { preflightMessages } from './preflight.js';
import { cliMessages } from './cli.js';
import { terraformMessages } from './terraform.js';
import { deployMessages } from './deploy.js';
import { costMessages } from './cost.js';
import { connectMessages } from './connect.js';
import { opsMessages } from './ops.js';
import { driftMessages } from './drift.js';
import { upgradeMessages } from './upgrade.js';

export const messages = {
  ...doctorMessages,
  ...sizingMessages,
  ...configMessages,
  ...settingsMessages,
  ...preflightMessages,
  ...cliMessages,
  ...terraformMessages,
  ...deployMessages,
  ...costMessages,
  ...connectMessages,
  ...opsMessages,
  ...driftMessages,
  ...upgradeMessages,
} as const;

/** The area catalogs, for the test that no two declare the same code (a spread keeps the last). */
export const catalogs = [
  doctorMessages, sizingMessages, configMessages, settingsMessages, preflightMessages, cliMessages, terraformMessages,
  deployMessages, costMessages, connectMessages, opsMessages, driftMessages, upgradeMessages,
] as const;

export type Messages = typeof messages;
export type MessageCode = keyof Messages;
export type MessageData<C extends MessageCode> = Messages[C] extends MessageDef<infer D> ? D : never;
