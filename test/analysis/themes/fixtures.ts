/**
 * A small desk with two levels: three problem areas (billing, login, export), each with two
 * distinct problems that share the area's words. Themes should find the areas, topics the problems.
 */
import { seededRandom } from '@/lib/analysis/random';

export const AREAS = {
  billing: {
    'double-charge': {
      subjects: ['Charged twice this month', 'Double charge on my card', 'Card charged two times'],
      phrases: [
        'my card was charged twice for the monthly billing',
        'the billing shows a double charge on the card statement',
        'we were charged two times, please check the billing',
      ],
    },
    'refund-missing': {
      subjects: ['Refund not received', 'Where is my refund', 'Refund still missing'],
      phrases: [
        'the refund for the cancelled billing plan never reached my card',
        'support promised a refund two weeks ago but the card shows nothing',
        'billing said the refund was issued, it is still missing',
      ],
    },
  },
  login: {
    'reset-email': {
      subjects: ['Password reset email never arrives', 'No password reset email', 'Reset email missing'],
      phrases: [
        'the password reset email never arrives so I cannot log in',
        'I requested a password reset three times, no email arrives and login fails',
        'no reset email in the inbox or spam, I still cannot log in',
      ],
    },
    'two-factor': {
      subjects: ['Two factor code rejected', '2FA code invalid at login', 'Authenticator code not accepted'],
      phrases: [
        'the two factor code from the authenticator is rejected when I log in',
        'login asks for the 2FA code and says it is invalid every time',
        'my authenticator code is not accepted, login is blocked',
      ],
    },
  },
  export: {
    'csv-timeout': {
      subjects: ['CSV export times out', 'Export to CSV fails', 'CSV download never finishes'],
      phrases: [
        'exporting the report to csv times out on large date ranges',
        'the csv export spins and the download never finishes',
        'export of tickets to csv fails with a timeout',
      ],
    },
    'pdf-blank': {
      subjects: ['Blank PDF export', 'PDF export is empty', 'Exported PDF has no pages'],
      phrases: [
        'the pdf export of the report is blank, every page is empty',
        'when I export the dashboard to pdf the file has no content',
        'exported pdf opens but shows blank pages',
      ],
    },
  },
} as const;

export type Area = keyof typeof AREAS;

/** What every ticket of an area also says, whatever its problem: the area's shared words. */
const AREA_CONTEXT: Record<Area, readonly string[]> = {
  billing: [
    'This concerns the invoice and payment for our subscription plan.',
    'Our finance team handles the subscription invoice and payment.',
    'The subscription payment and invoice are managed by accounting.',
  ],
  login: [
    'Nobody can sign in to the workspace account with their credentials.',
    'Our users are locked out of their workspace account and cannot sign in.',
    'Signing in to the workspace account with the usual credentials fails.',
  ],
  export: [
    'We need the report download for the quarterly meeting with management.',
    'The quarterly report download is needed for management.',
    'Management expects the quarterly report download this week.',
  ],
};

export interface AreaTicket {
  id: string;
  area: Area;
  problem: string;
  subject: string;
  description: string;
  customer: string;
}

/** `perProblem` tickets for each of the six problems, shuffled deterministically. */
export function twoLevelTickets(perProblem = 15, seed = 3, prefix = 't'): AreaTicket[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const tickets: AreaTicket[] = [];
  for (const area of Object.keys(AREAS) as Area[]) {
    const problems = Object.entries(AREAS[area]);
    for (const [problem, spec] of problems) {
      const sibling = problems.find(([other]) => other !== problem)![1];
      for (let i = 0; i < perProblem; i++) {
        // Every third ticket also mentions its area's other problem, as real tickets do.
        const aside = i % 3 === 0 ? ` Also ${pick(sibling.phrases)}.` : '';
        tickets.push({
          id: `${prefix}-${problem}-${i + 1}`,
          area,
          problem,
          subject: pick(spec.subjects),
          description: `${pick(['Hi team,', 'Hello,', ''])} ${spec.phrases[i % spec.phrases.length]}.${aside} ${pick(AREA_CONTEXT[area])}`,
          customer: `c${Math.floor(random() * 12)}`,
        });
      }
    }
  }
  for (let i = tickets.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [tickets[i], tickets[j]] = [tickets[j], tickets[i]];
  }
  return tickets;
}
