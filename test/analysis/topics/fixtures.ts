/**
 * Small support desks with known topics for the topic tests: three issues described in varied
 * words, plus greetings, signatures and noise that must not decide anything.
 */
import { seededRandom } from '@/lib/analysis/random';

export const GROUPS = {
  billing: {
    subjects: ['Charged twice for my subscription', 'Double charge on invoice', 'Invoice shows duplicate charge', 'Refund for double payment'],
    phrases: [
      'my credit card was charged twice for the monthly subscription',
      'the invoice lists the same subscription charge two times',
      'I see a duplicate payment on my card statement for this month',
      'please refund the extra charge, we were billed twice',
      'billing took the subscription fee twice from our card',
    ],
  },
  login: {
    subjects: ['Cannot log in', 'Password reset email never arrives', 'Login fails after reset', 'Locked out of account'],
    phrases: [
      'I cannot log in, the password reset email never arrives',
      'login fails with invalid password even after I reset it',
      'the reset link in the password email has expired and I am locked out',
      'two factor code is rejected so I cannot sign in to my account',
      'after resetting my password the login page keeps saying wrong password',
    ],
  },
  export: {
    subjects: ['CSV export fails', 'Export to CSV times out', 'Report export broken', 'Cannot download export file'],
    phrases: [
      'exporting the report to csv fails with a timeout on large date ranges',
      'the csv export button spins forever and the file never downloads',
      'export of the monthly report produces an empty csv file',
      'large reports cannot be exported, the csv download times out',
      'when I export tickets to csv the download is cut off halfway',
    ],
  },
} as const;

export type GroupName = keyof typeof GROUPS;

const GREETINGS = ['Hi team,', 'Hello,', 'Hi there,', ''];
const SIGNOFFS = ['\n\nThanks,\nAnna Berg', '\n\nBest regards,\nJohn Smith\nAcme Corp', '\n\nSent from my iPhone', ''];

export interface FixtureTicket {
  id: string;
  group: GroupName;
  subject: string;
  description: string;
  customer: string;
}

/** `perGroup` tickets per group, shuffled deterministically. */
export function threeGroupTickets(perGroup = 12, seed = 1): FixtureTicket[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const tickets: FixtureTicket[] = [];
  for (const group of Object.keys(GROUPS) as GroupName[]) {
    const spec = GROUPS[group];
    for (let i = 0; i < perGroup; i++) {
      const phrase = spec.phrases[i % spec.phrases.length];
      const extra = pick(spec.phrases);
      tickets.push({
        id: `${group}-${i + 1}`,
        group,
        subject: pick(spec.subjects),
        description: `${pick(GREETINGS)} ${phrase}. ${extra === phrase ? '' : `Also ${extra}.`}${pick(SIGNOFFS)}`,
        customer: `customer-${Math.floor(random() * 8)}`,
      });
    }
  }
  // Fisher–Yates with the same seeded generator: input order must not matter.
  for (let i = tickets.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [tickets[i], tickets[j]] = [tickets[j], tickets[i]];
  }
  return tickets;
}
