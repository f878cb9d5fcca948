import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed project's root (where package.json, app/ and .next/ live), wherever the CLI is run from. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
