// Entry of the parsing worker thread (see prepared-file.ts): a worker does not inherit the
// TypeScript loader of the thread that started it, so it registers tsx itself, with the
// project's tsconfig (for the @/ alias), then runs the TypeScript worker.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register({ tsconfig: workerData.tsconfig });
await import('./prepare-worker.ts');
