#!/usr/bin/env node
// Entry point of `npx support-trends …`: runs the TypeScript CLI through tsx, with the
// project's tsconfig (for the @/ import alias) wherever the command is started from.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const tsconfig = fileURLToPath(new URL('../tsconfig.json', import.meta.url));
register({ tsconfig });
const { main } = await import('../ingest/cli.ts');
process.exitCode = await main(process.argv.slice(2));
