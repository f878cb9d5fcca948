import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '@/db/client';
const dir = process.argv[2];
const q = process.argv[3];
const database = await openDatabase({ kind: 'pglite', dataDir: dir });
console.log(JSON.stringify(await queryRows(database.db, sql.raw(q)), null, 1));
await database.close();
