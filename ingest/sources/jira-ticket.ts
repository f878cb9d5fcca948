/**
 * The ticket record of a Jira issue, shared by the CSV export parser (jira-csv.ts) and the REST
 * issue JSON reader (jira-json.ts, used by the pull connector too): an issue must come out the same either way, so
 * that a CSV import and a later pull of it update one row instead of disagreeing.
 */
import { hasEscalationTag, priorityOf, statusCategoryOf, ticketTypeOf } from './normalize';
import type { TicketRecord } from './types';

/** Jira's resolution names that mean "not resolved". */
const UNRESOLVED = new Set(['unresolved', 'none']);

/**
 * What both readers take from an issue, already parsed (times in epoch ms). `product` is the
 * project's name (or key), the product its versions belong to; `fixVersions` in Jira's order.
 */
export interface JiraIssueFields
  extends Pick<
    TicketRecord,
    'externalId' | 'status' | 'subject' | 'description' | 'resolution' | 'productVersion' | 'product' | 'fixVersions' | 'tags' | 'assignee'
  > {
  created: number;
  updated: number | null;
  resolved: number | null;
  /** Earliest comment by someone other than the reporter (Jira has no first-response field); Infinity for none. */
  firstAgentReply: number;
  /** Jira's priority name, mapped by priorityOf. */
  priority: string | null;
  issueType: string | null;
  reporter: string | null;
  /** Reopened according to the issue's history; a "Reopened" status counts as well. */
  reopenedInHistory: boolean;
  line: number;
}

export function jiraTicketRecord(issue: JiraIssueFields): TicketRecord {
  const { status, priority, resolution } = issue;
  return {
    externalId: issue.externalId,
    createdAt: new Date(issue.created),
    updatedAt: issue.updated === null ? null : new Date(issue.updated),
    firstResponseAt: issue.firstAgentReply === Infinity ? null : new Date(issue.firstAgentReply),
    resolvedAt: issue.resolved === null ? null : new Date(issue.resolved),
    status,
    statusCategory: statusCategoryOf(status),
    priorityRaw: priority,
    priority: priority === null ? null : priorityOf(priority),
    channel: null,
    type: ticketTypeOf(issue.issueType),
    subject: issue.subject,
    description: issue.description,
    resolution: resolution !== null && UNRESOLVED.has(resolution.toLowerCase()) ? null : resolution,
    productVersion: issue.productVersion,
    product: issue.product,
    fixVersions: issue.fixVersions,
    tags: issue.tags,
    assignee: issue.assignee,
    requester: issue.reporter,
    organization: null,
    reopened: (status !== null && status.toLowerCase() === 'reopened') || issue.reopenedInHistory,
    escalated: hasEscalationTag(issue.tags),
    line: issue.line,
  };
}
