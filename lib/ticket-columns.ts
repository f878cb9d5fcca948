/**
 * The columns of the tickets list, shared by the table (browser) and the CSV endpoint (server),
 * so a download of "all matching rows" has exactly the columns the table shows.
 */
import type { TicketListRow } from '@/lib/queries/tickets';
import { shortPseudonym } from '@/lib/format';

export const TICKET_COLUMN_IDS = [
  'id',
  'externalId',
  'created',
  'topic',
  'subject',
  'customer',
  'organization',
  'agent',
  'status',
  'priority',
  'channel',
  'productVersion',
  'resolved',
] as const;
export type TicketColumnId = (typeof TICKET_COLUMN_IDS)[number];

export interface TicketColumn {
  id: TicketColumnId;
  header: string;
  /** The cell as text/number for the CSV. */
  value: (row: TicketListRow) => string | number | null;
  /** Who may see it: subject and customer need ticket text (lead); agent needs individuals. */
  needs?: 'text' | 'agent';
  /** Hidden until chosen in "Columns". */
  hiddenByDefault?: boolean;
}

export const TICKET_COLUMNS: TicketColumn[] = [
  { id: 'id', header: '#', value: (r) => r.id },
  { id: 'externalId', header: 'Source id', value: (r) => `${r.source} ${r.externalId}` },
  { id: 'created', header: 'Created', value: (r) => r.created },
  { id: 'topic', header: 'Topic', value: (r) => (r.topicId ? `${r.topic ?? r.topicId} (${r.topicId})` : 'unclustered') },
  { id: 'subject', header: 'Subject', value: (r) => r.subject, needs: 'text' },
  { id: 'customer', header: 'Customer', value: (r) => shortPseudonym(r.customer), needs: 'text' },
  { id: 'organization', header: 'Organization', value: (r) => r.organization },
  { id: 'agent', header: 'Agent', value: (r) => r.agent, needs: 'agent' },
  { id: 'status', header: 'Status', value: (r) => r.status },
  { id: 'priority', header: 'Priority', value: (r) => r.priority },
  { id: 'channel', header: 'Channel', value: (r) => r.channel, hiddenByDefault: true },
  { id: 'productVersion', header: 'Version', value: (r) => r.productVersion, hiddenByDefault: true },
  { id: 'resolved', header: 'Resolved', value: (r) => r.resolved },
];

export function allowedTicketColumns(visibility: { text: boolean; agent: boolean }): TicketColumn[] {
  return TICKET_COLUMNS.filter((c) => (c.needs === 'text' ? visibility.text : c.needs === 'agent' ? visibility.agent : true));
}
