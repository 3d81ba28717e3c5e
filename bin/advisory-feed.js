#!/usr/bin/env node
// Entry point. The sources are TypeScript run through tsx (see README, "Development"),
// so a fresh `npm ci` is all a user needs. Only this file and the CLI set the exit code.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../scripts/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
