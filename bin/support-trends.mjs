#!/usr/bin/env node
// Entry point of `npx support-trends …`: runs the TypeScript CLI through tsx, with the
// project's tsconfig (for the @/ import alias) wherever the command is started from.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const tsconfig = fileURLToPath(new URL('../tsconfig.json', import.meta.url));
// Tells the code where the installation is (migrations, the Next.js app) wherever it runs from.
process.env.SUPPORT_TRENDS_ROOT ??= fileURLToPath(new URL('..', import.meta.url));
register({ tsconfig });
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
