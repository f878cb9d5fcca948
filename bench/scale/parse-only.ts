/**
 * Stage "parse": the parser alone over a tickets file, no database. Prints JSON with the count.
 * Run as a child (see measure.ts) so its wall time and peak memory are its own.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { parseFile } from '@/ingest/sources';

const file = process.argv[2];
let tickets = 0;
let rejected = 0;
for await (const item of parseFile('csv-tickets', createReadStream(file), { fileName: path.basename(file), timeZone: 'UTC' })) {
  if (item.kind === 'ticket') tickets++;
  else if (item.kind === 'rejected') rejected++;
}
console.log(JSON.stringify({ tickets, rejected }));
