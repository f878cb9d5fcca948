/**
 * The public data sets the topic benchmark reads from /work/shared/data (read-only, never copied
 * into the repository). Each loader returns null when its files are absent, so the benchmark can
 * say which section it skipped.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseSync } from 'csv-parse/sync';
import { ticketText } from '@/lib/analysis/topics/clean';

export const DATA = '/work/shared/data';

export interface LabelledTexts {
  ids: string[];
  texts: string[];
  /** The first line a person wrote (a subject), when the data set has one. */
  subjects?: string[];
  customers?: string[];
  truth: string[];
}

export function loadBanking77(split: 'train' | 'test'): LabelledTexts | null {
  const file = join(DATA, `banking77/${split}.csv`);
  if (!existsSync(file)) return null;
  const rows = parseSync(readFileSync(file), { columns: true }) as { text: string; category: string }[];
  return { ids: rows.map((_, i) => String(i + 1)), texts: rows.map((r) => r.text), truth: rows.map((r) => r.category) };
}

/** CLINC150 in-scope utterances; `domains` maps each intent to one of its 10 domains. */
export function loadClinc150(split: 'train' | 'val' | 'test'): (LabelledTexts & { domain: string[] }) | null {
  const file = join(DATA, 'clinc150/data_full.json');
  const domainsFile = join(DATA, 'clinc150/domains.json');
  if (!existsSync(file) || !existsSync(domainsFile)) return null;
  const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, [string, string][]>;
  const domains = JSON.parse(readFileSync(domainsFile, 'utf8')) as Record<string, string[]>;
  const domainOf = new Map<string, string>();
  for (const [domain, intents] of Object.entries(domains)) for (const intent of intents) domainOf.set(intent, domain);
  const rows = data[split];
  return {
    ids: rows.map((_, i) => String(i + 1)),
    texts: rows.map((r) => r[0]),
    truth: rows.map((r) => r[1]),
    domain: rows.map((r) => domainOf.get(r[1]) ?? 'unknown'),
  };
}

export interface HadoopBugs {
  ids: string[];
  texts: string[];
  subjects: string[];
  /** Known duplicate pairs, as indices into ids. */
  pairs: (readonly [number, number])[];
  /** Pairs naming an issue missing from the export. */
  unknownPairs: number;
}

export function loadHadoop(): HadoopBugs | null {
  const bugsFile = join(DATA, 'hadoop-jira-bugs/hadoop_bugs.csv');
  const pairsFile = join(DATA, 'hadoop-jira-bugs/hadoop_bugs-combined.csv');
  if (!existsSync(bugsFile) || !existsSync(pairsFile)) return null;
  const bugs = parseSync(readFileSync(bugsFile), { columns: true, relax_column_count: true }) as Record<string, string>[];
  const pairRows = parseSync(readFileSync(pairsFile), { columns: true }) as Record<string, string>[];
  const ids = bugs.map((b) => b['Issue id']);
  const index = new Map(ids.map((id, i) => [id, i]));
  // One row lists two duplicates in one cell ("13547000, 13396667"): a pair for each.
  const listed = pairRows.flatMap((p) =>
    p['Duplicate id'].split(',').map((duplicate) => [index.get(p['Issue id']), index.get(duplicate.trim())] as const),
  );
  const pairs = listed.filter((p): p is readonly [number, number] => p[0] !== undefined && p[1] !== undefined);
  return {
    ids,
    texts: bugs.map((b) => ticketText({ subject: b.Summary, description: b.Description })),
    subjects: bugs.map((b) => b.Summary),
    pairs,
    unknownPairs: listed.length - pairs.length,
  };
}

interface TwitterConversation {
  dialogHeader: { company: string };
  dialogContent: { client?: string; agent?: string; message: string }[];
  agentURL: { doc_id: string };
}

/**
 * IBM Twitter customer-care conversations (dev + test): one ticket per conversation, its text
 * the customer's messages joined; the help article the agent finally sent (`doc_id`) is a weak
 * truth. `company` is the support account the conversation was addressed to.
 */
export function loadTwitter(): (LabelledTexts & { company: string[] }) | null {
  const files = ['dev.json', 'test.json'].map((f) => join(DATA, 'ibm-twitter-customer-care', f));
  if (!files.every(existsSync)) return null;
  const conversations = files.flatMap((f) => JSON.parse(readFileSync(f, 'utf8')) as TwitterConversation[]);
  const out = { ids: [] as string[], texts: [] as string[], customers: [] as string[], truth: [] as string[], company: [] as string[] };
  conversations.forEach((c, i) => {
    const own = c.dialogContent.filter((m) => m.client !== undefined);
    if (own.length === 0) return;
    out.ids.push(String(i + 1));
    out.texts.push(ticketText({ description: own.map((m) => m.message).join('\n') }));
    out.customers.push(own[0].client!);
    out.truth.push(c.agentURL.doc_id);
    out.company.push(c.dialogHeader.company);
  });
  return out;
}

interface JiraIssue {
  key: string;
  fields: { summary: string; description: string | null };
}

/** The Appcelerator ALOY Jira dump (raw REST JSON): summaries and wiki-markup descriptions. */
export function loadAlloy(): { ids: string[]; texts: string[]; subjects: string[] } | null {
  const root = join(DATA, 'alloy-jira/ALOY');
  if (!existsSync(root)) return null;
  const out = { ids: [] as string[], texts: [] as string[], subjects: [] as string[] };
  for (const dir of readdirSync(root, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const file of readdirSync(join(root, dir.name)).sort()) {
      if (!file.endsWith('.json')) continue;
      const issue = JSON.parse(readFileSync(join(root, dir.name, file), 'utf8')) as JiraIssue;
      out.ids.push(issue.key);
      out.subjects.push(issue.fields.summary);
      out.texts.push(ticketText({ subject: issue.fields.summary, description: issue.fields.description }));
    }
  }
  return out;
}
