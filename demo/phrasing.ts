/**
 * The parts of support conversations that are not about the issue itself: greetings,
 * sign-offs, signatures, disclaimers, quoted replies, anger, agent macros, internal notes and
 * release notes. Phrase data for ./template.ts; the topic-specific text lives in ./topics.ts.
 */
import type { SlotTables } from '@/demo/template';

/** Variables every ticket provides to its templates (see ./ticket-text.ts). */
export const TEXT_VARIABLES = [
  'first',
  'name',
  'email',
  'colleague',
  'org',
  'orgDomain',
  'plan',
  'agent',
  'agentName',
  'teamName',
  'version',
  'fixVersion',
  'incidentDate',
  'incidentStart',
  'incidentEnd',
  'quote',
  'quoteDate',
] as const;

/** Drawn afresh at every use ("tried {browser} and {browser}"). */
export const FREE_SLOTS: SlotTables = {
  browser: ['Chrome', 'Chrome {int:120-131}', 'Firefox', 'Safari', 'Edge', 'Safari on iPad', 'Brave', 'Firefox ESR'],
  os: ['Windows 11', 'Windows 10', 'macOS Sonoma', 'macOS', 'Ubuntu 22.04', 'ChromeOS'],
  when: ['this morning', 'yesterday', 'Monday', 'last week', 'the last update', '{int:2-5} days ago', 'yesterday afternoon', 'the weekend'],
  weekday: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'],
};

/** Keep one value per ticket, so the subject and the body name the same page. */
export const STICKY_SLOTS: SlotTables = {
  area: ['Reports', 'Projects', 'the dashboard', 'Timesheets', 'Tasks', 'the admin console', 'Forms', 'Workflows', 'Contacts', 'the calendar'],
  country: ['India', 'Brazil', 'Germany', 'Mexico', 'the Philippines', 'South Africa', 'Indonesia'],
  jobTitle: [
    'Operations Manager',
    'IT Administrator',
    'Head of Finance',
    'Project Coordinator',
    'Office Manager',
    'Team Lead',
    'Systems Analyst',
    'Customer Success Manager',
    'CTO',
    'Accounts Payable',
  ],
};

export const CUSTOMER = {
  greetings: ['Hi,', 'Hello,', 'Hi there,', 'Hi team,', 'Hello support team,', 'Dear Support,', 'Good {morning|afternoon},', 'Hey,', 'Hi support,'],
  openers: ['I hope you are well.', 'Hope you can help.', 'Quick question.', 'We have a problem.', 'Not sure if this is the right place, but', 'Sorry to bother you again.'],
  context: [
    "We're on the {plan} plan.",
    'This affects {int:2-40} people on my team.',
    'It is quite urgent as we have a deadline {tomorrow|on Friday|this week}.',
    'I tried {browser} and {browser}, same result.',
    'Screenshot attached.',
    'Our account is {org}.',
    'We are on version {version}.',
    'Cleared cache and cookies already.',
  ],
  angry: [
    'This is really frustrating.',
    'Honestly, this is unacceptable.',
    'This is the {second|third|fourth} time this {week|month}!',
    'We pay a lot of money for this and it keeps breaking.',
    "Please escalate this, it's urgent!!",
    "I'm very disappointed with the service lately.",
    'Nobody has answered my last email.',
    'We are seriously considering other tools.',
    'Why does this keep happening??',
    'Fix this ASAP please, my whole team is blocked.',
    'This is a terrible experience.',
  ],
  friendly: ['Love the product otherwise!', 'Thanks for the great support as always.', 'No rush on this.', 'Thanks a lot for your help!'],
  signOffs: ['Thanks,', 'Thanks!', 'Many thanks,', 'Best,', 'Best regards,', 'Kind regards,', 'Cheers,', 'Regards,', 'Thank you,', 'Thanks in advance,'],
  signatures: [
    '{name}',
    '{first}',
    '{name}\n{jobTitle}\n{org}',
    '{name} | {jobTitle} | {org}\nT: +1 555 01{int:10-99}',
    '{first}\n\nSent from my iPhone',
    '--\n{name}\n{jobTitle}, {org}\nwww.{orgDomain}',
  ],
  disclaimers: [
    'CONFIDENTIALITY NOTICE: This email and any attachments are for the sole use of the intended recipient(s) and may contain confidential information. If you are not the intended recipient, please delete it.',
    'Please consider the environment before printing this email.',
    'This message has been scanned for viruses.',
  ],
  quoteHeaders: ['On {quoteDate}, {agentName} <support@example.com> wrote:', '-----Original Message-----\nFrom: Support <support@example.com>\nSent: {quoteDate}'],
  followupOpeners: ['Thanks for the quick reply.', 'Thanks.', 'Hi {agent},', 'Hello {agent},', 'Sure,', ''],
  stillWaiting: ['Any update on this?', 'Is there any news?', "It's been {int:2-4} days, any update?"],
  reopen: [
    'Unfortunately this is happening again.',
    'The problem is back.',
    'It worked for a day but now the problem is back.',
    "Sorry to reopen, but it's not fixed for us.",
    'Still not working on our side.',
  ],
  thanks: ['Thanks, that worked!', 'All good now, thank you!', 'Perfect, thanks for the help.', 'Confirmed, it works again.', 'Great, thanks {agent}!'],
  chatOpeners: ['hi', 'hello', 'hey', 'hi there', 'good morning'],
  webFormHeaders: ['Submitted via the help center form', 'Web form: Contact support', '[Help widget]'],
  phoneIntros: [
    'Phone call from {name} ({org}).',
    'Inbound call - {name}, {org}.',
    'Customer called ({name}, {jobTitle} at {org}).',
  ],
  phoneOutros: ['Callback number: +1 555 01{int:10-99}.', 'Customer prefers email follow-up.', 'Promised to follow up by email.'],
};

export const AGENT = {
  greetings: ['Hi {first},', 'Hello {first},', 'Dear {first},', 'Hey {first},'],
  chatGreetings: ['Hi {first}!', 'Hey {first},', 'Hi {first}, {agent} here.'],
  firstOpenings: ['Thanks for getting in touch.', 'Thanks for reaching out about this.', 'Sorry for the trouble!', "I'm sorry to hear about this."],
  laterOpenings: ['Thanks for your patience while we looked into this.', 'Sorry for the wait.', 'Thank you for bearing with us.'],
  empathy: [
    "I completely understand the frustration, and I'm sorry this has been so disruptive.",
    'I am really sorry for the inconvenience this has caused your team.',
    'I understand how disruptive this is, and I appreciate your patience.',
  ],
  askClosings: ['Thanks in advance!', 'Looking forward to your reply.', 'Once I have that, I can dig in further.'],
  acks: [
    "I've reproduced this and passed it to our engineering team. I'll update you as soon as I hear back.",
    "I'm checking this with our {Tier 2|engineering|platform} team and will get back to you shortly.",
    "Thanks, that's helpful. I've escalated this internally and will keep you posted.",
  ],
  fixIntros: ['Good news:', "I've looked into this:", 'Quick update:', '', '', ''],
  fixClosings: [
    "Let me know if there's anything else I can help with.",
    "Please don't hesitate to reply if you see this again.",
    'Have a great {day|week}!',
    "I'll mark this as solved, but just reply to reopen it.",
  ],
  signatures: ['{agentName}\n{teamName}', 'Best,\n{agent}', 'Kind regards,\n{agent} | Customer Support', '{agent}'],
  noReplyClose: [
    "We haven't heard back from you, so I'm marking this ticket as solved. Just reply to this email if you still need help.",
    "I'm closing this for now as we didn't hear back. Feel free to reply any time to reopen it.",
  ],
  dismissals: ['Glad it is sorted! Closing this ticket.', 'Thanks for letting us know - closing this one.', 'No problem, closing this ticket.'],
  outageReplies: [
    'We are aware of the problem and our engineers are working on it. Updates are posted on status.example.com.',
    "Thanks for the report - we're investigating an incident affecting logins and page loads right now.",
  ],
  outageFixes: [
    'This was caused by the platform incident on {incidentDate} between {incidentStart} and {incidentEnd} UTC (a failed database failover). Service is fully restored.',
    'The incident of {incidentDate} ({incidentStart}-{incidentEnd} UTC) has been resolved; a database failover failed and has been repaired. Sorry for the disruption.',
    'Service was restored at {incidentEnd} UTC after the incident on {incidentDate}. A post-mortem will be published on our status page.',
  ],
};

/** Questions any agent may ask, with the customer's answer. */
export const GENERIC_ASKS: readonly (readonly [string, string])[] = [
  ['Could you send me a screenshot of the error, including the address bar?', 'Screenshot attached.'],
  ['Which browser and version are you using?', "We're using {browser} on {os}."],
  ['Could you tell me roughly when this last happened (with time zone)?', 'It just happened again at {int:8-17}:{int:10-59} our time.'],
  ['Does this happen for all users or only some of them?', '{It happens for everyone on the team.|Only for some of us, maybe {int:2-10} people.}'],
  ['Could you share the email address of one affected user so I can check our logs?', 'The affected user is {colleague}.'],
];

export const NOTES = {
  generic: [
    'Checked the logs for {org}, nothing obvious yet. Asked for more details.',
    'Reproduced on staging with {browser}.',
    'VIP account ({plan}) - please prioritise.',
    'Customer is frustrated, handle with care.',
    'Linked to bug PLAT-{int:1000-9999}.',
    'Similar ticket last week from the same account.',
  ],
  dismissals: ['Not a support request - closing.', 'Auto-reply, closing without response.', 'Spam, closing.', 'No action needed.'],
  escalation: ['Escalating to Tier 2 - reproduced, needs backend access.', 'Escalated to engineering, see PLAT-{int:1000-9999}.', 'Tier 2 please take over, customer is on {plan}.'],
};

export const RELEASE_NOTES = {
  features: [
    'New {Gantt view|timeline view|calendar view} for projects',
    'Faster search in {Projects|Tasks|Contacts}',
    'Bulk edit for tasks',
    'Dark mode (beta)',
    'Audit log export',
    'Microsoft Teams integration (beta)',
    'Recurring tasks can now end after N occurrences',
    'Improved CSV import preview',
    'New API endpoint /v2/time_entries/batch',
    'Keyboard shortcuts for the task list',
    'Reports can be shared with guests',
    'Redesigned notification settings',
  ],
  fixes: [
    'Fixed {an issue|a bug} where {filters were reset after reload|tooltips overlapped in reports|some avatars did not load|the date picker skipped a day}',
    'Performance improvements',
    'Minor UI fixes',
    'Security updates',
    'Improved error messages in the importer',
  ],
  hotfix: ['Hotfix: {stability improvements|minor bug fixes}', 'Hotfix for an issue in {Reports|Tasks|the mobile app}'],
};
