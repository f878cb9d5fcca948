import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { clusterCommand, runClusterCommand } from '@/cli/commands/cluster';
import type { CommandContext } from '@/cli/context';
import { AppError } from '@/db/errors';
import { threeGroupTickets } from './fixtures';
import { csvField } from '@/lib/csv-export';

const dir = mkdtempSync(join(tmpdir(), 'cluster-command-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tickets = threeGroupTickets(10, 4);
const file = join(dir, 'tickets.csv');
writeFileSync(
  file,
  '\uFEFFkey,Summary,Body\n' +
    tickets.map((t) => [t.id, t.subject, t.description].map(csvField).join(',')).join('\n') +
    '\nnoise-1,Lunch,"what a sunny day in the garden"\n',
);

async function run(options: Parameters<typeof runClusterCommand>[0]): Promise<string> {
  let text = '';
  const out = new Writable({
    write(chunk, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  await runClusterCommand(options, out);
  return text;
}

describe('runClusterCommand', () => {
  it('prints id,topic_id,topic_label,theme_id,theme_label for every row', async () => {
    const text = await run({ file, textColumn: 'Body', idColumn: 'key', seed: 1 });
    const rows = parse(text, { columns: true }) as { id: string; topic_id: string; topic_label: string; theme_id: string; theme_label: string }[];
    expect(text.split('\n')[0]).toBe('id,topic_id,topic_label,theme_id,theme_label');
    expect(rows).toHaveLength(tickets.length + 1);
    expect(rows.map((r) => r.id)).toEqual([...tickets.map((t) => t.id), 'noise-1']);
    const topicOfGroup = new Map<string, Set<string>>();
    tickets.forEach((t, i) => {
      if (!topicOfGroup.has(t.group)) topicOfGroup.set(t.group, new Set());
      topicOfGroup.get(t.group)!.add(rows[i].topic_id);
    });
    for (const ids of topicOfGroup.values()) expect(ids.size).toBe(1); // each group is one topic
    expect(new Set([...topicOfGroup.values()].map((s) => [...s][0])).size).toBe(3);
    expect(rows[rows.length - 1]).toEqual({ id: 'noise-1', topic_id: 'unclustered', topic_label: '', theme_id: 'unclustered', theme_label: '' });
    for (const row of rows.slice(0, -1)) expect(row.topic_label.length).toBeGreaterThan(0);
    // Every clustered row has a theme, and a topic sits in exactly one theme.
    const themeOfTopic = new Map<string, Set<string>>();
    for (const row of rows.slice(0, -1)) {
      expect(row.theme_id).toMatch(/^th\d+$/);
      expect(row.theme_label.length).toBeGreaterThan(0);
      if (!themeOfTopic.has(row.topic_id)) themeOfTopic.set(row.topic_id, new Set());
      themeOfTopic.get(row.topic_id)!.add(row.theme_id);
    }
    for (const themes of themeOfTopic.values()) expect(themes.size).toBe(1);
  });

  it('--level theme prints id,theme_id,theme_label: the themes of the topic level', async () => {
    const topicText = await run({ file, textColumn: 'Body', idColumn: 'key', seed: 1 });
    const themeText = await run({ file, textColumn: 'Body', idColumn: 'key', seed: 1, level: 'theme' });
    expect(themeText.split('\n')[0]).toBe('id,theme_id,theme_label');
    const byTopic = parse(topicText, { columns: true }) as { id: string; theme_id: string; theme_label: string }[];
    const byTheme = parse(themeText, { columns: true }) as { id: string; theme_id: string; theme_label: string }[];
    expect(byTheme).toEqual(byTopic.map((r) => ({ id: r.id, theme_id: r.theme_id, theme_label: r.theme_label })));
  });

  it('refuses a --level other than topic or theme, naming the flag', async () => {
    await expect(clusterCommand([file, '--text-column', 'Body', '--level', 'forest'], {} as CommandContext)).rejects.toThrow(/--level: must be topic or theme/);
  });

  it('numbers rows from 1 without an id column and honours k', async () => {
    const rows = parse(await run({ file, textColumn: 'Summary', k: 2 }), { columns: true }) as { id: string; topic_id: string }[];
    expect(rows.slice(0, 3).map((r) => r.id)).toEqual(['1', '2', '3']);
    expect(new Set(rows.map((r) => r.topic_id).filter((t) => t !== 'unclustered')).size).toBe(2);
  });

  it('names the file and the available headers when a column is wrong', async () => {
    const error = await run({ file, textColumn: 'description' }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('InvalidInput');
    expect(error.message).toContain(file);
    expect(error.message).toContain('"description"');
    expect(error.message).toContain('"key", "Summary", "Body"');
    const idError = await run({ file, textColumn: 'Body', idColumn: 'id' }).catch((e) => e);
    expect(idError.message).toContain('"id"');
  });

  it('reports a missing file and a bad k', async () => {
    await expect(run({ file: join(dir, 'nope.csv'), textColumn: 'Body' })).rejects.toMatchObject({ code: 'NotFound' });
    await expect(run({ file, textColumn: 'Body', k: 0 })).rejects.toMatchObject({ code: 'InvalidInput' });
  });
});
