/**
 * Turns a ticket's topic, channel and mood into the texts a helpdesk export contains: the
 * subject, the customer's message as that channel formats it (email with greeting, signature
 * and disclaimer, web form, chat transcript, phone note, API payload), agent replies that are
 * polite and state the fix, customer answers that quote the previous reply, internal notes.
 *
 * A conversation picks one case of its topic up front, so the subject, the question the agent
 * asks, the customer's answer and the fix all belong to the same situation.
 */
import type { EventKind } from '@/demo/lifecycle';
import { AGENT, CUSTOMER, FREE_SLOTS, GENERIC_ASKS, NOTES, STICKY_SLOTS, TEXT_VARIABLES } from '@/demo/phrasing';
import type { Rng } from '@/demo/prng';
import { addTypo, Phrasebook, type Render, type TextScope } from '@/demo/template';
import type { AskPair, TopicSpec } from '@/demo/topics';

export const CHANNELS = ['email', 'web', 'chat', 'phone', 'api'] as const;
export type Channel = (typeof CHANNELS)[number];

interface AskTexts {
  ask: Render;
  answer: Render;
}

interface CaseTexts {
  subject: Render;
  body: Render;
  fix: Render;
  asks: AskTexts[];
}

interface TopicTexts {
  cases: CaseTexts[];
  vagueSubject: Render | null;
  detail: Render | null;
  fixAfterRelease: Render | null;
  note: Render | null;
  plain: boolean;
}

type Parts<T> = { [K in keyof T]: Render };

function compileParts<T extends Record<string, readonly string[]>>(book: Phrasebook, parts: T): Parts<T> {
  const out = {} as Parts<T>;
  for (const key of Object.keys(parts) as (keyof T)[]) out[key] = book.compileChoice(parts[key]);
  return out;
}

function compileAsks(book: Phrasebook, pairs: readonly AskPair[] | undefined): AskTexts[] {
  return (pairs ?? []).map(([ask, answer]) => ({ ask: book.compile(ask), answer: book.compile(answer) }));
}

/** The state of one ticket's conversation while its texts are rendered. */
export interface Conversation {
  topic: number;
  caseIndex: number;
  ask: AskTexts;
  scope: TextScope;
  channel: Channel;
  angry: boolean;
  /** The fix sentence chosen for this ticket (also its `resolution`). */
  fix: string;
  /** Public agent replies so far. */
  agentReplies: number;
}

/** Optional template parts leave double or trailing spaces behind. */
function tidy(text: string): string {
  return text.includes('  ') || text.endsWith(' ') ? text.replace(/ {2,}/g, ' ').trim() : text;
}

function capitalize(text: string): string {
  return text.length > 0 ? text[0].toUpperCase() + text.slice(1) : text;
}

export class TicketTexts {
  private readonly topics: TopicTexts[];
  private readonly customer: Parts<typeof CUSTOMER>;
  private readonly agent: Parts<typeof AGENT>;
  private readonly notes: Parts<typeof NOTES>;
  private readonly genericAsks: AskTexts[];

  constructor(topics: readonly TopicSpec[]) {
    const base = new Phrasebook(FREE_SLOTS, new Set(TEXT_VARIABLES));
    const shared = base.extend(STICKY_SLOTS, { sticky: true, prefix: 'shared' });
    this.customer = compileParts(shared, CUSTOMER);
    this.agent = compileParts(shared, AGENT);
    this.notes = compileParts(shared, NOTES);
    this.genericAsks = compileAsks(shared, GENERIC_ASKS);
    this.topics = topics.map((spec) => {
      const book = shared.extend(spec.slots ?? {}, { sticky: true, prefix: spec.key });
      const optional = (list: readonly string[] | undefined) => (list && list.length > 0 ? book.compileChoice(list) : null);
      return {
        cases: spec.cases.map((c) => ({
          subject: book.compileChoice(c.subjects),
          body: book.compileChoice(c.bodies),
          fix: book.compileChoice(c.fixes),
          asks: compileAsks(book, c.asks),
        })),
        vagueSubject: optional(spec.subjects),
        detail: optional(spec.details),
        fixAfterRelease: optional(spec.fixesAfterRelease),
        note: optional(spec.notes),
        plain: spec.plain ?? false,
      };
    });
  }

  begin(rng: Rng, topic: number, scope: TextScope, channel: Channel, angry: boolean): Conversation {
    const texts = this.topics[topic];
    const caseIndex = Math.floor(rng.next() * texts.cases.length);
    const own = texts.cases[caseIndex].asks;
    const ask = own.length > 0 && rng.chance(0.7) ? rng.pick(own) : rng.pick(this.genericAsks);
    return { topic, caseIndex, ask, scope, channel, angry: angry && !texts.plain, fix: '', agentReplies: 0 };
  }

  subject(rng: Rng, conv: Conversation): string {
    const texts = this.topics[conv.topic];
    const useVague = texts.vagueSubject && rng.chance(0.2);
    let subject = tidy(useVague ? texts.vagueSubject!(rng, conv.scope) : texts.cases[conv.caseIndex].subject(rng, conv.scope));
    if (texts.plain) return subject;
    if (rng.chance(0.06)) subject = addTypo(rng, subject);
    if (rng.chance(0.05)) subject = subject.toLowerCase();
    if (conv.angry && rng.chance(0.25)) subject = rng.pick(['URGENT: ', 'URGENT - ', '!! ', 'Still broken: ']) + subject;
    else if (conv.channel === 'email' && rng.chance(0.06)) subject = rng.pick(['Re: ', 'Fwd: ', 'RE: ', 'FW: ']) + subject;
    return subject;
  }

  /** Picks the fix sentence; after the planted release for this topic it names the fixing version. */
  chooseFix(rng: Rng, conv: Conversation, afterRelease: boolean, incident: boolean): string {
    const texts = this.topics[conv.topic];
    let fix: string;
    if (incident) fix = this.agent.outageFixes(rng, conv.scope);
    else if (afterRelease && texts.fixAfterRelease && rng.chance(0.95)) fix = texts.fixAfterRelease(rng, conv.scope);
    else fix = texts.cases[conv.caseIndex].fix(rng, conv.scope);
    conv.fix = capitalize(fix);
    return conv.fix;
  }

  /** The customer's first message, formatted as its channel delivers it. */
  description(rng: Rng, conv: Conversation): string {
    const { scope, channel } = conv;
    const texts = this.topics[conv.topic];
    const c = this.customer;
    let issue = tidy(texts.cases[conv.caseIndex].body(rng, scope));
    if (texts.plain) return channel === 'email' && rng.chance(0.5) ? `${issue}\n\n${c.signatures(rng, scope)}` : issue;
    if (texts.detail && rng.chance(0.45)) issue += ' ' + texts.detail(rng, scope);
    if (rng.chance(0.3)) issue += ' ' + c.context(rng, scope);
    if (conv.angry) issue += ' ' + c.angry(rng, scope) + (rng.chance(0.4) ? ' ' + c.angry(rng, scope) : '');
    else if (rng.chance(0.08)) issue += ' ' + c.friendly(rng, scope);
    const typos = rng.chance(channel === 'chat' ? 0.35 : 0.15) ? (rng.chance(0.3) ? 2 : 1) : 0;
    for (let k = 0; k < typos; k++) issue = addTypo(rng, issue);

    switch (channel) {
      case 'email': {
        const lead = rng.chance(0.85) ? c.greetings(rng, scope) + '\n\n' : '';
        const opener = rng.chance(0.2) ? c.openers(rng, scope) + ' ' : '';
        let text = `${lead}${opener}${issue}\n\n${c.signOffs(rng, scope)}\n${c.signatures(rng, scope)}`;
        if (rng.chance(0.1)) text += '\n\n' + c.disclaimers(rng, scope);
        return text;
      }
      case 'web': {
        const header = rng.chance(0.3) ? c.webFormHeaders(rng, scope) + '\n\n' : '';
        const lead = rng.chance(0.4) ? c.greetings(rng, scope) + '\n\n' : '';
        return `${header}${lead}${issue}${rng.chance(0.5) ? '\n\n' + scope.vars.name : ''}`;
      }
      case 'chat': {
        const who = scope.vars.first;
        const lines = [`${who}: ${c.chatOpeners(rng, scope)}`];
        // Chat visitors type in short bursts, often in lower case.
        for (const sentence of issue.split(/(?<=[.!?])\s+/)) lines.push(`${who}: ${rng.chance(0.5) ? sentence.toLowerCase() : sentence}`);
        return `Chat transcript\n\n${lines.join('\n')}`;
      }
      case 'phone':
        return `${c.phoneIntros(rng, scope)}\nCaller reports: ${issue}\n${c.phoneOutros(rng, scope)}`;
      case 'api':
        return `[Created via API]\nSource: in-app feedback widget\nApp version: ${scope.vars.version || 'unknown'}\n\nMessage:\n${issue}`;
    }
  }

  /** The body of a comment after the first (the first is the description). */
  comment(rng: Rng, kind: EventKind, conv: Conversation, isPublic: boolean): string {
    const a = this.agent;
    const c = this.customer;
    const { scope } = conv;
    const texts = this.topics[conv.topic];
    switch (kind) {
      case 'note':
        return texts.note && rng.chance(0.6) ? texts.note(rng, scope) : this.notes.generic(rng, scope);
      case 'escalation':
        return this.notes.escalation(rng, scope);
      case 'ask':
        return this.agentMessage(rng, conv, conv.ask.ask(rng, scope), a.askClosings);
      case 'ack':
        return this.agentMessage(rng, conv, a.acks(rng, scope), null);
      case 'incident-ack':
        return this.agentMessage(rng, conv, a.outageReplies(rng, scope), null);
      case 'fix': {
        const intro = a.fixIntros(rng, scope);
        return this.agentMessage(rng, conv, intro ? `${intro} ${conv.fix}` : conv.fix, a.fixClosings);
      }
      case 'no-reply':
        return `${a.greetings(rng, scope)}\n\n${a.noReplyClose(rng, scope)}\n\n${a.signatures(rng, scope)}`;
      case 'dismiss':
        return isPublic ? a.dismissals(rng, scope) : this.notes.dismissals(rng, scope);
      case 'followup':
        return this.customerReply(rng, conv, conv.ask.answer(rng, scope));
      case 'waiting':
        return this.customerReply(rng, conv, c.stillWaiting(rng, scope) + (conv.angry ? ' ' + c.angry(rng, scope) : ''));
      case 'reopen':
        return this.customerReply(rng, conv, c.reopen(rng, scope) + (rng.chance(0.5) ? ' ' + c.angry(rng, scope) : ''));
      case 'thanks':
        return c.thanks(rng, scope);
      case 'first':
        return this.description(rng, conv);
    }
  }

  /** A polite agent reply: greeting, empathy or thanks, the content, closing and signature. */
  private agentMessage(rng: Rng, conv: Conversation, content: string, closing: Render | null): string {
    const a = this.agent;
    const { scope } = conv;
    const chat = conv.channel === 'chat';
    let text = (chat ? a.chatGreetings(rng, scope) : a.greetings(rng, scope)) + '\n\n';
    const opening =
      conv.angry && conv.agentReplies === 0
        ? a.empathy(rng, scope)
        : rng.chance(0.7)
          ? (conv.agentReplies === 0 ? a.firstOpenings : a.laterOpenings)(rng, scope)
          : '';
    text += opening ? `${opening} ${content}` : content;
    if (!chat) {
      if (closing) text += '\n\n' + closing(rng, scope);
      text += '\n\n' + a.signatures(rng, scope);
    }
    conv.agentReplies++;
    return text;
  }

  private customerReply(rng: Rng, conv: Conversation, content: string): string {
    const { scope } = conv;
    const c = this.customer;
    if (conv.channel !== 'email') return content;
    const opener = c.followupOpeners(rng, scope);
    let text = `${opener ? opener + '\n\n' : ''}${content}\n\n${c.signOffs(rng, scope)}\n${scope.vars.first}`;
    if (scope.vars.quote && rng.chance(0.5)) text += `\n\n${c.quoteHeaders(rng, scope)}\n> ${scope.vars.quote}`;
    return text;
  }
}
