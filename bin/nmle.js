#!/usr/bin/env node
// The `nmle` command. The sources are TypeScript; tsx compiles them on load so that
// `npx nmle` works straight after `npm install`, with no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.js');
process.exitCode = await runCli(process.argv.slice(2));
