#!/usr/bin/env node
// The CLI as ES modules, without the bundle the `braintrust` bin (src/bin.cts) runs: what the
// bundle is built from, and what the bin falls back to.
import { main } from './cli-main.js';

await main(process.argv);
