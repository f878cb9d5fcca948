/**
 * The recurring issues of an invented B2B SaaS product (a project / reporting workspace), as
 * phrase data for the template language in ./template.ts.
 *
 * Each topic is a handful of *cases* (the concrete situations behind it), each with its own
 * subjects, bodies, fixes and follow-up questions, so a conversation stays coherent from the
 * subject line to the resolution. Neighbouring topics deliberately share words (login / SSO /
 * 2FA / password, export fails / export queue, notifications / Slack), so telling them apart
 * takes more than one keyword. Weights are relative shares of everyday volume (a long tail).
 */
import type { SlotTables } from '@/demo/template';

export const TEAM_KEYS = ['tier1', 'tier2', 'billing'] as const;
export type TeamKey = (typeof TEAM_KEYS)[number];

export const TICKET_TYPES = ['question', 'problem', 'incident', 'task', 'feature'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

/** An agent's question and the customer's answer to it. */
export type AskPair = readonly [ask: string, answer: string];

export interface TopicCase {
  subjects: readonly string[];
  /** The core of the customer's first message. */
  bodies: readonly string[];
  /** The sentence stating what fixed it: goes into the last agent reply and `resolution`. */
  fixes: readonly string[];
  asks?: readonly AskPair[];
}

export interface TopicSpec {
  key: string;
  label: string;
  /** Relative share of everyday volume; 0 for topics that only exist when planted. */
  weight: number;
  /** Which team picks the ticket up, as relative weights. */
  routing: Partial<Record<TeamKey, number>>;
  types: Partial<Record<TicketType, number>>;
  /** Added to the chance of high/urgent priority (negative makes low more likely). */
  urgency: number;
  tags: readonly string[];
  /** Vague subjects that fit every case ("Help with login"), used now and then. */
  subjects?: readonly string[];
  cases: readonly TopicCase[];
  /** Extra sentences a customer may add, whatever the case. */
  details?: readonly string[];
  /** Fixes used once the planted release for this topic has shipped (uses {fixVersion}). */
  fixesAfterRelease?: readonly string[];
  /** Internal notes agents leave. */
  notes?: readonly string[];
  slots?: SlotTables;
  /** Auto-replies and the like: sent as written, without added context, mood or typos. */
  plain?: boolean;
}

export const NOISE_KEY = 'noise';

export const TOPICS: readonly TopicSpec[] = [
  {
    key: 'password-reset',
    label: 'Password reset emails / locked out',
    weight: 9,
    routing: { tier1: 1 },
    types: { question: 3, problem: 2 },
    urgency: 0,
    tags: ['login', 'password', 'account-access'],
    subjects: ['{Need help|Help} {logging in|with login}', '{Forgot|forgot} my password', "{can't|cant|Cannot} log in"],
    cases: [
      {
        subjects: ['{Password reset|Reset password} email {not arriving|never arrives|not received}', 'No password reset email'],
        bodies: [
          'I clicked "Forgot password" {int:2-5} times but no reset email {arrives|comes through}. I {checked|looked in} the spam folder too.',
          'The password reset email never arrives for {colleague}. Other emails from you come through fine.',
        ],
        fixes: [
          "Your company's mail filter was quarantining mail from our domain; after {allowlisting|whitelisting} {no-reply@example.com|our sending domain} the reset email arrived.",
          'The address had a typo in the user profile; we corrected it and the reset email {arrived|came through}.',
        ],
        asks: [
          ['Could you check whether an email from no-reply@example.com landed in quarantine on your mail server?', 'Our IT found them in quarantine, {int:3-6} of them.'],
          ['Which email address are you entering on the reset page?', 'I use {email}.'],
        ],
      },
      {
        subjects: ['{Reset|Password reset} link {expired|is invalid|does not work}', 'Reset link says invalid token'],
        bodies: [
          'The reset link in the email says "{This link has expired or is invalid|Invalid or expired token}" even though I clicked it {right away|within a minute}.',
          'Every password reset link I get is already expired when I open it.',
        ],
        fixes: [
          'The reset link had been opened by your email security scanner, which used it up; we sent a fresh link {and suggested allowlisting our links|}.',
          'We triggered a new reset email manually and confirmed {you|the user} could set a new password.',
        ],
        asks: [['Do you use a link-scanning email security tool such as Mimecast or Defender?', 'Yes, we have {Mimecast|Defender for Office 365}.']],
      },
      {
        subjects: ['Locked out of my account', 'Account locked after too many attempts'],
        bodies: [
          "I'm locked out after too many {login|sign-in} attempts and the password reset doesn't help.",
          'I changed my password yesterday and now the app says my account is locked. I {didn\'t|did not} use SSO.',
        ],
        fixes: ['The account was locked after {int:5-10} failed attempts; we unlocked it and the reset link works now.'],
      },
      {
        subjects: ['New password not accepted', 'Password reset {loop|keeps failing}'],
        bodies: [
          "After resetting my password I still can't log in, it says the password is incorrect.",
          'The password reset page {keeps spinning|times out} after I enter my new password.',
        ],
        fixes: [
          'A password manager was filling in the old password; after updating the saved entry the login worked.',
          'The new password was cut at 64 characters by the form; a shorter password works.',
        ],
      },
    ],
    details: [
      'Our IT {team|department} says nothing is blocked on their side.',
      'I need to get in today to {approve timesheets|send a report to my manager|finish our monthly close}.',
      'It is the same on {browser} and {browser}.',
    ],
    notes: ['Mail log shows delivered to their MX, probably quarantined.', 'Unlocked the account in admin tools.'],
  },
  {
    key: 'sso-login',
    label: 'SSO / SAML login failures',
    weight: 6,
    routing: { tier2: 6, tier1: 4 },
    types: { problem: 4, incident: 1 },
    urgency: 0.08,
    tags: ['login', 'sso', 'saml'],
    subjects: ['SSO login {not working|broken|failing}{ for our team| since this morning|}', "{Can't|Cannot|Unable to} sign in with {idp}"],
    cases: [
      {
        subjects: ['{idp} SSO stopped working after {a certificate rotation|we renewed the certificate}', 'SAML certificate question'],
        bodies: [
          'We just {rotated|renewed} the SAML signing certificate in {idp} and now {nobody|none of our users} can sign in. Do we need to upload the new certificate somewhere?',
          'Since {when}, SSO logins fail with "SAML response signature invalid". We haven\'t changed anything on our side{ as far as I know|}.',
        ],
        fixes: ['The SAML signing certificate on your account had expired; we {uploaded the new one|updated it} from your {idp} metadata and SSO logins work again.'],
        asks: [['Could you send us the current {idp} metadata XML or the certificate fingerprint?', 'Metadata file attached.']],
      },
      {
        subjects: ['Single sign-on redirect loop', 'SSO {keeps|just} redirecting back to login'],
        bodies: [
          'When our users try to log in through {idp} they are sent back to the login page {over and over|in a loop}. {Password login still works for admins.|Nobody can get in.|}',
          'Logging in with {idp} bounces between your page and {idp} until the browser gives up.',
        ],
        fixes: [
          "Your Entity ID had a trailing slash that didn't match {idp}; after correcting it in Settings > Security > SSO the login works.",
          'A third-party cookie setting in the browser policy blocked the session cookie; allowing it for our domain ended the loop.',
        ],
        asks: [['Could you send us a SAML trace (SAML-tracer extension) of one failed attempt?', 'Here is the SAML trace, the loop starts after the second request.']],
      },
      {
        subjects: ['SAML error {when logging in|on login}', '{Users|Our users|Half the team} {get|getting} "Assertion expired" {on|at} login'],
        bodies: [
          'Some of our users ({int:3-40} people) can\'t log in via single sign-on. They see "Assertion expired" after entering their {idp} credentials.',
          'Random SSO failures with "InResponseTo does not match" - it works on the second try.',
        ],
        fixes: ['The clock skew between {idp} and our servers made assertions look expired; we increased the allowed skew {to 3 minutes|} and logins succeed now.'],
      },
      {
        subjects: ['SSO: {login|sign-in} fails for new employees', 'New users {cannot|can\'t} log in with SSO'],
        bodies: [
          'New hires added in {idp} today cannot sign in, existing users are fine. They see "User not provisioned".',
          'People we added to the {idp} group this week get an error when they sign in.',
        ],
        fixes: ['The users were not provisioned in the workspace; once {just-in-time provisioning was enabled|they were added under Settings > Users} they could sign in via SSO.'],
      },
    ],
    details: [
      'We have {int:40-900} users on SSO so this is {quite|very} {urgent|disruptive}.',
      'Our admins can still log in with a password.',
    ],
    notes: ['Assertion audience mismatch in our auth logs.', 'Cert expired two days ago, customer did not get the warning email.'],
    slots: { idp: ['Okta', 'Azure AD', 'Entra ID', 'Google Workspace', 'OneLogin', 'JumpCloud'] },
  },
  {
    key: 'two-factor',
    label: 'Two-factor authentication codes',
    weight: 3.5,
    routing: { tier1: 4, tier2: 1 },
    types: { question: 2, problem: 2 },
    urgency: 0,
    tags: ['login', '2fa', 'account-access'],
    cases: [
      {
        subjects: ['2FA code not accepted', 'Authenticator codes {invalid|rejected}'],
        bodies: [
          'The 6-digit code from {authApp} is always rejected as invalid when I log in.',
          'After entering my password I get the two-factor screen but the code from {authApp} says "invalid code".',
        ],
        fixes: ["Your phone's clock was out of sync, which makes authenticator codes invalid; after enabling automatic time the codes were accepted."],
        asks: [['Is the time on your phone set automatically?', 'It was set manually, I switched it to automatic now.']],
      },
      {
        subjects: ['{Lost|New} {my |}phone - {can\'t|cannot} log in{ (two-factor)|}', 'Need to reset {2FA|two-factor} for a user'],
        bodies: [
          "I got a new phone and didn't transfer my authenticator, now I can't log in. Can you reset two-factor for {email}?",
          'One of my team members lost access to their 2FA device. How do we reset it as an admin?',
        ],
        fixes: [
          'We verified the account owner and reset two-factor authentication; {you|the user} can enrol a new device at the next login.',
          'Admins can reset 2FA under Settings > Users > Reset two-factor; we did it for this user.',
        ],
        asks: [['For security, could the account owner confirm this request from their registered email address?', 'Confirmed from the owner address, please go ahead.']],
      },
      {
        subjects: ['{SMS|Text message} verification code never arrives', 'No SMS code'],
        bodies: ['SMS verification codes are not arriving for our users in {country}.', 'I never get the text message with the login code.'],
        fixes: ['Our SMS provider had delivery problems to {country}; they are resolved and we recommended switching to an authenticator app.'],
      },
      {
        subjects: ['Login asks for {2FA|verification} code every time'],
        bodies: ['Even with "remember this device" checked, it asks for the verification code on every login.'],
        fixes: ['Your browser deletes cookies on exit, which also removes the remembered device; an exception for our domain fixed it.'],
      },
    ],
    details: ['I tried several codes in a row, none worked.', 'Backup codes are somewhere on an old laptop, if at all.'],
    notes: ['Identity verified via owner email.', 'Known SMS carrier delay, see status page.'],
    slots: { authApp: ['Google Authenticator', 'Microsoft Authenticator', 'Authy', '1Password', 'the authenticator app'] },
  },
  {
    key: 'billing-invoice',
    label: 'Invoices, charges and refunds',
    weight: 8,
    routing: { billing: 1 },
    types: { question: 4, task: 1 },
    urgency: -0.02,
    tags: ['billing', 'invoice'],
    subjects: ['Question about our {latest|last} invoice', 'Billing question'],
    cases: [
      {
        subjects: ['Charged twice {this month|for the same subscription}', 'Double charge on our card'],
        bodies: [
          'We were charged twice for our {plan} subscription {this month|on the 1st}: two payments of ${int:49-2400}.',
          'Our card was declined on renewal, we updated it, and now we see two charges.',
        ],
        fixes: [
          'The duplicate charge was refunded to your card; it should appear in 5-10 business days.',
          'The second charge was only a pending authorisation and has been released by the bank.',
        ],
        asks: [['Could you send the last four digits of the card and the date of both charges?', 'Card ending {int:1000-9999}, both charges on the same day.']],
      },
      {
        subjects: ['Invoice {invoice} {is wrong|has the wrong amount|incorrect}', 'Why did our bill go up?'],
        bodies: [
          'Invoice {invoice} shows {int:12-120} seats but we only have {int:5-60} active users.',
          "The invoice amount doesn't match the price on your pricing page{ for the {plan} plan|}.",
        ],
        fixes: [
          'We corrected the seat count and issued a credit note for the difference on invoice {invoice}.',
          'The pro-rated charge came from seats added mid-cycle; we sent a breakdown{ and a goodwill credit|}.',
        ],
      },
      {
        subjects: ['Need {VAT number|our tax ID} on {the |}invoice', 'Company name on invoices'],
        bodies: ['Our finance team needs the VAT ID {vat} on the invoices, and the company name {should read|changed to} {org}.'],
        fixes: ['We added the VAT ID and the new company name; the corrected invoice is available under Settings > Billing.'],
      },
      {
        subjects: ['Refund request', 'Refund for unused seats'],
        bodies: ['Can you {refund|credit us for} the unused seats? We downgraded {last week|a few days ago}.'],
        fixes: ['We refunded the unused seats pro rata; the credit appears on your next invoice.'],
      },
      {
        subjects: ['Update billing {address|contact}', 'Invoices to a different email'],
        bodies: ['Please send invoices to accounts-payable@{orgDomain} instead of {email}.'],
        fixes: ['We updated the billing contact so future invoices go to your accounts payable address.'],
      },
    ],
    details: ['Please send a corrected invoice as PDF.', 'Our accounting closes the month on Friday.', 'PO number {int:4500000-4599999} should also be on it.'],
    notes: ['Refund issued in Stripe.', 'Credit note CN-{int:10000-99999} created.'],
    slots: {
      invoice: ['INV-{int:100000-999999}', '#{int:10000-99999}', 'INV-2025-{int:1000-9999}'],
      vat: ['DE{int:100000000-999999999}', 'GB{int:100000000-999999999}', 'FR{int:10-99}{int:100000000-999999999}', 'NL{int:100000000-999999999}B01'],
    },
  },
  {
    key: 'slow-dashboard',
    label: 'Slow dashboard and timeouts',
    weight: 5.5,
    routing: { tier1: 3, tier2: 1 },
    types: { problem: 1 },
    urgency: 0.03,
    tags: ['performance', 'dashboard'],
    subjects: ['Dashboard {very slow|extremely slow|takes forever to load}', '{App|Everything} is {sluggish|super slow} today'],
    cases: [
      {
        subjects: ['Spinner never stops on {the |}dashboard', 'Dashboard widgets not loading'],
        bodies: [
          'The dashboard takes {int:20-90} seconds to load, it used to be {instant|a couple of seconds}.',
          'Charts on the main dashboard spin forever and never render.',
        ],
        fixes: [
          'Your dashboard had {int:20-60} widgets each querying a full year; we added caching on our side and suggested splitting it, it now loads in a few seconds.',
          'A slow query in the widgets service was fixed; load times are back to normal.',
        ],
        asks: [['Which dashboard is affected, and roughly how many widgets does it have?', 'It is our "Management overview" dashboard, about {int:15-45} widgets.']],
      },
      {
        subjects: ['Timeouts when opening {reports|the dashboard}', 'Performance {issues|problems} in {area}'],
        bodies: [
          'Since {when} everything in {area} is really slow and sometimes times out with "{timeoutErr}".',
          'Our team of {int:5-80} people can barely work, every click in {area} takes {ages|10+ seconds}.',
        ],
        fixes: [
          'We moved your workspace to a less busy database node and it loads normally again.',
          'We rebuilt the search index for your account, which restored normal performance.',
        ],
        asks: [['Could you send a HAR file recorded while the page loads?', 'HAR file attached, one request takes {int:15-60} seconds.']],
      },
      {
        subjects: ['Browser tab freezes on dashboard', 'Dashboard freezes when filtering'],
        bodies: ['Filtering by date range on the dashboard freezes the browser tab ({browser}).'],
        fixes: ['Disabling the browser extension {ext} fixed the freezing tab.'],
      },
    ],
    details: ['It is worst in the mornings (our time).', 'Incognito mode is just as slow.', 'Other websites are fine, so it is not our network.'],
    notes: ['p95 for widgets endpoint is 40s for this account.', 'Same slowness reported by several accounts since the release.'],
    slots: {
      timeoutErr: ['504 Gateway Timeout', 'Request timed out', 'Something went wrong. Please try again.', 'ERR_TIMED_OUT'],
      ext: ['Grammarly', 'an ad blocker', 'Dark Reader', 'a VPN extension'],
    },
  },
  {
    key: 'export-fails',
    label: 'Export to CSV/Excel/PDF fails',
    weight: 4.5,
    routing: { tier1: 7, tier2: 3 },
    types: { problem: 1 },
    urgency: 0,
    tags: ['export', 'reports'],
    subjects: ['Export to {format} fails', 'Error when exporting {a |}report'],
    cases: [
      {
        subjects: ['{CSV|Excel} export cuts off after {int:1000-65000} rows', 'Export {incomplete|truncated}'],
        bodies: ['The {format} export of the {area} report stops at 65,536 rows, we have many more.', 'Large exports fail with "{exportErr}", smaller date ranges work.'],
        fixes: ['Exports above 65,000 rows need the XLSX (not XLS) format; switching the format fixed it.'],
        asks: [['Does a smaller date range export correctly?', 'Yes, one month works, the full year fails.']],
      },
      {
        subjects: ['Special characters garbled in CSV export', "Can't open exported {xlsx|file} properly"],
        bodies: ['Special characters (ä, é, ø) come out garbled in the CSV export.', 'Excel shows strange symbols instead of names with accents in the export.'],
        fixes: ["The garbled characters were an encoding issue; enabling \"UTF-8 with BOM\" under Export options lets Excel read them."],
      },
      {
        subjects: ['Exported file is missing columns', 'Custom columns not in export'],
        bodies: ['The CSV export is missing the custom columns we added.', 'The exported {format} file only has the standard columns.'],
        fixes: ["Custom columns are only exported when they're visible in the current view; after adding them to the view the export includes them."],
      },
      {
        subjects: ['Exported file is {empty|corrupted}', 'Export fails with an error'],
        bodies: ['When I export the {area} report to {format} I get "{exportErr}".', 'The exported {format} file is {empty (0 KB)|only the header row}.'],
        fixes: ['A saved filter referring to a deleted user made the export fail; we removed it and the export works.'],
        asks: [['Which report and filters are you exporting?', 'The {area} report with our saved filter "My team".']],
      },
      {
        subjects: ['Export button does nothing'],
        bodies: ['Clicking Export in {area} does nothing at all, no download and no error.'],
        fixes: ['A pop-up blocker was stopping the download; allowing pop-ups for our site fixed the button.'],
      },
    ],
    details: ['We need this file for our {weekly|monthly} board report.'],
    slots: {
      format: ['CSV', 'Excel', 'XLSX', 'PDF'],
      exportErr: ['Export failed. Please try again later.', 'Error 500', 'Unexpected error (code EXP-{int:100-999})', 'File could not be generated'],
    },
  },
  {
    key: 'export-queue',
    label: 'Scheduled exports stuck in queue',
    // Only exists in planted episodes (the intermittent problem).
    weight: 0,
    routing: { tier1: 1 },
    types: { problem: 2, incident: 1 },
    urgency: 0.06,
    tags: ['export', 'scheduled-reports'],
    cases: [
      {
        subjects: ['Scheduled report not delivered{ today| this morning|}', '{Weekly|Daily|Monthly} report email never arrived', "Didn't get the {daily|weekly|scheduled} export"],
        bodies: [
          "Our scheduled {cadence} report didn't arrive this morning. It normally comes at {reportHour}.",
          'None of our scheduled exports ran today. The last one we received was {yesterday|on {weekday}}.',
          "Reports that are supposed to go out at {reportHour} haven't been sent. Our managers rely on these.",
        ],
        fixes: [
          'We restarted export worker batch-03, which had stalled; your queued reports have been sent.',
          'Restarted export worker batch-03. The {cadence} report was re-sent.',
          'The batch-03 export worker hung again; after a restart all pending exports were delivered.',
        ],
      },
      {
        subjects: ["Export stuck {in|on} \"processing\"", 'Our {reports|exports} are stuck in the queue', 'Export {has been pending|pending} for hours'],
        bodies: [
          "I started an export of the {area} data {int:2-9} hours ago and it's still showing \"Processing...\".",
          'The export queue page shows {int:3-40} jobs queued and nothing is moving.',
        ],
        fixes: [
          'Export worker batch-03 was stuck - restarted it and the queued exports completed.',
          'Restarted the batch-03 export worker, exports are flowing again.',
          'We cleared a stuck job in the export queue and exports are going out again.',
        ],
      },
    ],
    details: ['Manual exports are also stuck.', 'This happened {before|a couple of months ago} too.', 'We did not change the schedule.'],
    notes: ['batch-03 stuck again, restarted. Same as last time.', 'Queue depth {int:200-2000} on batch-03, restarting.'],
    slots: {
      cadence: ['daily', 'weekly', 'Monday morning', 'monthly'],
      reportHour: ['7am', '8:00', '6:30 UTC', '9 AM', '07:00'],
    },
  },
  {
    key: 'api-rate-limit',
    label: 'API rate limits (429)',
    weight: 3.5,
    routing: { tier2: 3, tier1: 1 },
    types: { question: 2, problem: 2 },
    urgency: 0.02,
    tags: ['api', 'rate-limit'],
    subjects: ['Getting 429 Too Many Requests', 'Integration failing with HTTP 429'],
    cases: [
      {
        subjects: ['Rate limited on the {REST |}API', 'API throttling{ since {when}|}'],
        bodies: [
          'Our nightly sync started failing with HTTP 429 after about {int:200-5000} requests.',
          'We get "Rate limit exceeded, retry after {int:10-60}s" when calling /v2/{endpoint}.',
        ],
        fixes: [
          'Using the bulk endpoint /v2/{endpoint}/batch instead of one call per record keeps you well below the limit.',
          'We explained the limits (per token, per minute) and your team added backoff; no more 429s.',
        ],
        asks: [['Roughly how many requests per minute does the sync send at peak?', 'About {int:700-3000} per minute when it starts.']],
      },
      {
        subjects: ['What are the API limits?', 'Can you raise our API {quota|limit}?', 'API rate limit too low'],
        bodies: ["What's the rate limit for the {plan} plan? Our integration does about {int:2-50} requests per second at peak."],
        fixes: ['The limit is 600 requests per minute per token; we raised it to 1,200 for your account{ temporarily|}.'],
      },
      {
        subjects: ['Still throttled despite Retry-After', '429 errors with several scripts'],
        bodies: ['Our script follows the Retry-After header but we still get throttled.', 'Since {when} the API returns 429 much sooner than before.'],
        fixes: ['Several scripts were sharing one token; separate tokens give each its own rate limit bucket.'],
        asks: [['Are several scripts or servers sharing the same API token?', 'Yes, {three|four|several} jobs use the same token.']],
      },
    ],
    details: ['This blocks our data warehouse load.'],
    notes: ['Token making ~{int:20-80} req/s in bursts.'],
    slots: { endpoint: ['tasks', 'projects', 'contacts', 'time_entries', 'reports', 'users'] },
  },
  {
    key: 'webhook-failures',
    label: 'Webhooks not delivered',
    weight: 3,
    routing: { tier2: 1 },
    types: { problem: 1 },
    urgency: 0.02,
    tags: ['api', 'webhooks'],
    cases: [
      {
        subjects: ['Webhooks not being delivered', 'Missing webhook events'],
        bodies: ["Our endpoint hasn't received any {event} webhooks since {when}. It responds 200 to test pings."],
        fixes: ['Your endpoint took more than 10 seconds to respond, so deliveries timed out; respond with 200 immediately and process asynchronously.'],
        asks: [['Could you send the webhook id and an example delivery id from the log?', 'Webhook id wh_{int:10000-99999}, delivery ids attached.']],
      },
      {
        subjects: ['Webhook signature verification fails', 'X-Signature does not match'],
        bodies: ['The HMAC signature check fails for every webhook: our computed signature never matches the X-Signature header.'],
        fixes: ['The signature must be computed over the raw request body, not the parsed JSON; after that change verification passes.'],
      },
      {
        subjects: ['Webhook endpoint disabled {automatically|without warning}'],
        bodies: ['Your system disabled our webhook after failures, but our server was only down for {int:5-40} minutes.'],
        fixes: ['We re-enabled the webhook and replayed the failed deliveries from the last {int:2-7} days.'],
      },
      {
        subjects: ['Duplicate webhook {calls|deliveries}'],
        bodies: ['We got the same {event} event {int:2-6} times.'],
        fixes: ['Duplicates are expected on retries; use the event id to de-duplicate.'],
      },
    ],
    details: ['We use AWS Lambda behind API Gateway.', 'Nothing changed in our code.'],
    slots: { event: ['task.created', 'project.updated', 'invoice.paid', 'form.submitted', 'contact.updated'] },
  },
  {
    key: 'mobile-crash',
    label: 'Mobile app crashes',
    weight: 4.5,
    routing: { tier1: 7, tier2: 3 },
    types: { problem: 1 },
    urgency: 0.03,
    tags: ['mobile', 'crash'],
    subjects: ['{mobileOs} app keeps crashing', 'Crash after {update|updating}', 'App force closes'],
    cases: [
      {
        subjects: ['App crashes on {launch|startup}', '{iPhone|Android} app crashes'],
        bodies: [
          'The {mobileOs} app crashes right after the splash screen. Phone: {device}, app version {version}.',
          'Several of our field staff on {device} report the app crashing {since the last update|every day}.',
        ],
        fixes: ['Clearing the app cache and signing in again fixed the crash (corrupted offline data).'],
        asks: [['Could you tell us the exact device model and OS version, and send a crash report if the phone offers one?', '{device}, {mobileOs}. Crash report sent from the phone.']],
      },
      {
        subjects: ['Mobile app closes when opening {area}', 'App crashes on large lists'],
        bodies: ["Every time I open {area} in the mobile app it closes. Reinstalling didn't help."],
        fixes: ['Reinstalling after removing the offline data fixed the crash for now; our developers are working on a permanent fix.'],
      },
      {
        subjects: ['App crashes when tapping a notification', 'Crash on notification'],
        bodies: ['The mobile app closes itself as soon as I tap on a notification.', 'The app freezes and then crashes when I open a push notification.'],
        fixes: ['Turning off "Open notifications in app" is a workaround until the fix ships.'],
      },
    ],
    details: ['The web version works fine.', 'We rely on the app for site visits.'],
    fixesAfterRelease: [
      'This crash on {mobileOs} is fixed in {fixVersion}; updating from the store resolves it.',
      'Our developers fixed the crash in {fixVersion}. After updating the app it opens normally.',
    ],
    notes: ['Matches crash signature in Crashlytics.', 'Known crash, tracked in MOB-{int:100-999}.'],
    slots: {
      mobileOs: ['iOS', 'Android', 'iOS 17', 'Android 14', 'Android 13'],
      device: ['iPhone 13', 'iPhone 15 Pro', 'Samsung Galaxy S23', 'Pixel 7', 'iPad Air', 'Galaxy Tab A8', 'Moto G54'],
    },
  },
  {
    key: 'email-notifications',
    label: 'Notification emails missing',
    weight: 4,
    routing: { tier1: 7, tier2: 3 },
    types: { problem: 2, question: 1 },
    urgency: 0,
    tags: ['notifications', 'email'],
    cases: [
      {
        subjects: ['{Not receiving|No} notification emails', 'Email notifications stopped'],
        bodies: ['I stopped receiving email notifications {since|around} {when}. In-app notifications still work.'],
        fixes: ['Notifications were turned off in your personal settings after the profile import; re-enabling them fixed it.'],
        asks: [['Could you check your notification settings under Profile > Notifications and tell us what is selected?', 'Everything is switched off there, I never did that.']],
      },
      {
        subjects: ['No {email|emails} when tasks are assigned', 'Team not getting assignment emails'],
        bodies: ['Nobody on our team gets an email when a task is assigned to them anymore.'],
        fixes: ['Your mail server rejected our emails (SPF); after adding our include to your SPF record the notifications arrive.'],
      },
      {
        subjects: ['Notifications going to spam'],
        bodies: ['All notification emails from you land in our spam folder.'],
        fixes: ['We asked your IT to allowlist our sending domain; notifications now reach the inbox.'],
      },
      {
        subjects: ['Digest email missing'],
        bodies: ["The {daily|weekly} digest email hasn't arrived for {int:2-6} {days|weeks}."],
        fixes: ['The address was on our suppression list after a bounce; we removed it and emails are delivered again.'],
      },
      {
        subjects: ['Too many notification emails', 'How to reduce notification emails'],
        bodies: ['I get an email for every single comment, how do I turn that down?'],
        fixes: ['We switched your notifications to the "Mentions and assignments" preset so you get fewer emails.'],
      },
    ],
  },
  {
    key: 'csv-import',
    label: 'CSV import errors',
    weight: 4,
    routing: { tier2: 2, tier1: 1 },
    types: { problem: 2, question: 1 },
    urgency: 0,
    tags: ['import', 'csv'],
    subjects: ['CSV import fails', "Can't import {records} from CSV"],
    cases: [
      {
        subjects: ['Import error: invalid file format', 'Importer rejects our file'],
        bodies: ['Importing our {records} CSV fails with "{importErr}".'],
        fixes: ['The file was saved as UTF-16; saving it as "CSV UTF-8" fixed the import.'],
        asks: [['Could you attach the file (or the first 20 rows) so we can check it?', 'Here are the first rows, with personal data removed.']],
      },
      {
        subjects: ['Import error on row {int:2-4000}', 'Dates imported wrong'],
        bodies: ['The import says "row {int:2-4000}: invalid date format", but the date is {dateSample}.'],
        fixes: ['Dates must be YYYY-MM-DD or match the format selected in step 2; after changing the setting the rows imported.'],
      },
      {
        subjects: ['Importer puts everything in one column'],
        bodies: ['Our file uses semicolons as separators (German Excel) and the importer puts everything in one column.'],
        fixes: ["Choose \";\" as the delimiter in the import options for files from European Excel."],
      },
      {
        subjects: ['Rows missing after import', 'Import stuck at {int:10-99}%'],
        bodies: ['The import finishes but {int:10-500} rows are missing.', 'The import has been stuck at {int:10-99}% for an hour.'],
        fixes: ["The missing rows were duplicates of existing records by email, so the importer skipped them; enable \"update existing\" to merge them."],
      },
    ],
    details: ['The file has about {int:500-20000} rows.', 'I can send the file if that helps.'],
    slots: {
      records: ['contacts', 'tasks', 'projects', 'time entries', 'clients'],
      importErr: ['Invalid file format', 'Column "email" not found', 'Row 1: unexpected header', 'Import failed (IMP-{int:100-999})'],
      dateSample: ['03/04/2025', '2025-04-03', '4.3.2025', '3 April 2025'],
    },
  },
  {
    key: 'permissions',
    label: 'Permissions and access rights',
    weight: 4,
    routing: { tier1: 4, tier2: 1 },
    types: { question: 3, problem: 1 },
    urgency: 0,
    tags: ['permissions', 'admin'],
    subjects: ['Access denied error', 'Roles not working as expected'],
    cases: [
      {
        subjects: ["User can't see {a |the }project", 'Projects missing for a colleague'],
        bodies: ["{colleague} was added to our workspace but can't see the {int:2-12} projects they should have access to."],
        fixes: ['Project-level permissions override workspace roles; we added the user to the project.'],
        asks: [['Which role does the user have, and are they added to the project itself?', 'They are Viewer in the workspace, not added to the project.']],
      },
      {
        subjects: ['Permission denied {when opening|in} {area}'],
        bodies: ['When I open {area} I get "You don\'t have permission to view this page", but I\'m an editor.', 'After changing our team structure, {int:3-20} people lost access to {area}.'],
        fixes: ['The user was in the "Viewer" role for that workspace; changing it to "Editor" gave access.'],
      },
      {
        subjects: ['How do I give someone admin rights?', 'Make a colleague admin'],
        bodies: ['How can I make a colleague an admin? The option is greyed out for me.'],
        fixes: ['Only owners can promote admins; the account owner can do it under Settings > Users.'],
      },
      {
        subjects: ['Guest user sees too much', 'Guests can see all projects'],
        bodies: ['Our guest users (external contractors) can see all projects, not only the one they were invited to.'],
        fixes: ['The guest role had "view all projects" enabled; we turned it off.'],
      },
    ],
  },
  {
    key: 'slack-integration',
    label: 'Slack integration',
    weight: 2.5,
    routing: { tier2: 3, tier1: 2 },
    types: { problem: 1 },
    urgency: 0,
    tags: ['integrations', 'slack'],
    cases: [
      {
        subjects: ['Slack integration disconnected', 'Slack app asks to reauthorize'],
        bodies: ['The Slack integration shows "Disconnected" and reconnecting fails with "{slackErr}".'],
        fixes: ['The Slack token was revoked when the installing user left your Slack workspace; reconnecting with another admin fixed it.'],
      },
      {
        subjects: ['Notifications not posting to Slack', 'Nothing arrives in our Slack channel'],
        bodies: ['Updates stopped appearing in our #{channel} Slack channel since {when}.'],
        fixes: ['The channel was made private; inviting the app with /invite fixed the posting.'],
        asks: [['Was the #{channel} channel renamed or made private recently?', 'Yes, we made it private last week.']],
      },
      {
        subjects: ['Slack messages duplicated'],
        bodies: ['Every update is posted twice to Slack.'],
        fixes: ['Two integrations were posting to the same channel; we removed the duplicate.'],
      },
      {
        subjects: ["Can't connect {our |}Slack workspace"],
        bodies: ["I'm a Slack admin but the install page says I don't have permission to add apps."],
        fixes: ['Your Slack workspace requires app approval; once approved the connection worked.'],
      },
    ],
    slots: {
      slackErr: ['invalid_auth', 'token_revoked', 'channel_not_found', 'missing_scope'],
      channel: ['general', 'project-updates', 'ops', 'sales', 'alerts'],
    },
  },
  {
    key: 'salesforce-sync',
    label: 'Salesforce sync errors',
    weight: 1.6,
    routing: { tier2: 1 },
    types: { problem: 1 },
    urgency: 0.03,
    tags: ['integrations', 'salesforce'],
    subjects: ['Salesforce sync errors', 'Salesforce sync stuck'],
    cases: [
      {
        subjects: ['INVALID_FIELD_FOR_INSERT_UPDATE error from Salesforce', 'Salesforce field mapping not working'],
        bodies: ['The Salesforce sync log shows "INVALID_FIELD_FOR_INSERT_UPDATE" for {int:5-500} records.', 'We mapped the field {sfField} but it stays empty in Salesforce.'],
        fixes: ['The integration user lacked field-level access to {sfField}; after granting it the sync completed.'],
      },
      {
        subjects: ['REQUEST_LIMIT_EXCEEDED from Salesforce'],
        bodies: ['The sync stops every afternoon with "REQUEST_LIMIT_EXCEEDED".'],
        fixes: ["You hit Salesforce's daily API limit; we reduced the sync frequency to every 30 minutes."],
      },
      {
        subjects: ['Duplicates in Salesforce after sync'],
        bodies: ['Every sync creates new duplicate contacts in Salesforce instead of updating them.'],
        fixes: ['Matching was on name instead of email, which created duplicates; we switched matching to email and merged the copies.'],
      },
      {
        subjects: ['Salesforce connection expired', 'INVALID_SESSION_ID in sync log'],
        bodies: ['The last successful Salesforce sync was {when}; the log says "INVALID_SESSION_ID".'],
        fixes: ['The Salesforce session of the integration user had expired; re-authorising the connection fixed it.'],
      },
    ],
    notes: ['SF connector logs attached.', 'Same as the usual: field-level security.'],
    slots: { sfField: ['Account_Tier__c', 'Lead Source', 'Renewal_Date__c', 'Owner', 'Industry'] },
  },
  {
    key: 'account-deletion',
    label: 'Account deletion / GDPR requests',
    weight: 1.4,
    routing: { billing: 1 },
    types: { task: 1 },
    urgency: -0.03,
    tags: ['account', 'gdpr', 'privacy'],
    cases: [
      {
        subjects: ['Delete my account', 'GDPR data deletion request', 'Request for erasure (Art. 17 GDPR)'],
        bodies: ['Please delete my account and all personal data associated with {email}.', 'Under Article 17 GDPR we request the erasure of all data of {org}.'],
        fixes: ['Your account and all associated data were deleted; a confirmation was sent to the account owner.'],
      },
      {
        subjects: ['Close our account', 'Cancel subscription and remove our data'],
        bodies: ['We are moving to another tool. Please close our account at the end of the billing period and delete our data.'],
        fixes: ['We scheduled the deletion for the end of your billing period as requested.'],
      },
      {
        subjects: ['Data export before deletion', 'Request for data export and deletion'],
        bodies: ['Before you delete our account, can we get a full export of our data?'],
        fixes: ['We sent the data export first; the deletion will follow within 30 days as set out in our DPA.'],
      },
    ],
  },
  {
    key: 'feature-request',
    label: 'Feature requests',
    weight: 4,
    routing: { tier1: 1 },
    types: { feature: 4, question: 1 },
    urgency: -0.1,
    tags: ['feature-request'],
    cases: [
      {
        subjects: ['Feature request: {feature}', 'Would be great to have {feature}', 'Suggestion - {feature}'],
        bodies: [
          'It would really help our team if you added {feature}.',
          'Small suggestion: {feature} would save us a lot of clicks every day.',
          'Our {int:10-200} users keep asking for {feature}. Any news?',
        ],
        fixes: [
          "Thanks for the suggestion - we've added your vote to the request for {feature} and will update you when it ships.",
          'We logged {feature} with our product team (ref FR-{int:100-999}).',
        ],
      },
      {
        subjects: ['Any plans for {feature}?', 'Is {feature} on the roadmap?'],
        bodies: ['Do you have plans for {feature}? Right now we work around it with spreadsheets.'],
        fixes: ['{feature} is on our roadmap for later this year; we added you to the beta list.', 'This is available on the Business plan; we sent instructions to enable it.'],
      },
    ],
    slots: {
      feature: [
        'dark mode',
        'bulk edit',
        'a Gantt view',
        'custom fields in reports',
        'recurring tasks',
        'an API for timesheets',
        'keyboard shortcuts',
        'SSO on the Team plan',
        'a Microsoft Teams integration',
        'more export formats',
        'an audit log',
        'two-factor enforcement for all users',
      ],
    },
  },
  {
    key: 'user-invites',
    label: 'Inviting users and seats',
    weight: 3,
    routing: { billing: 2, tier1: 1 },
    types: { question: 2, task: 1 },
    urgency: 0,
    tags: ['users', 'seats'],
    cases: [
      {
        subjects: ['Invitation {email |}expired', 'Invite link not working'],
        bodies: ['A new colleague ({colleague}) says the invitation link has expired. Can you resend it?'],
        fixes: ['We resent the invitation; links expire after 7 days.'],
      },
      {
        subjects: ["Can't invite new users", 'Need more seats'],
        bodies: ['When I try to invite {colleague} it says "No seats available".', 'We need {int:2-25} more seats for our new team, how do we add them?'],
        fixes: ['Your plan had no free seats left; we added {int:1-20} seats{ (pro-rated)|}.', 'Seats can be added under Settings > Billing > Seats; we walked you through it.'],
      },
      {
        subjects: ['Remove {a |}user from our account', 'Offboarding a user'],
        bodies: ['{colleague} left the company, please remove them and free the seat.'],
        fixes: ['We removed the user and transferred their projects to the account owner.'],
      },
    ],
  },
  {
    key: 'search-issues',
    label: 'Search results missing',
    weight: 2.5,
    routing: { tier1: 1, tier2: 1 },
    types: { problem: 1 },
    urgency: 0,
    tags: ['search'],
    subjects: ['Search is broken'],
    cases: [
      {
        subjects: ['Search results missing recent items', 'Search not finding new {items|tasks}'],
        bodies: ['Search returns nothing for items created in the last {int:2-5} days.', 'The search in {area} only shows old results.'],
        fixes: ['The search index for your account was behind; we re-indexed it and results are complete.'],
      },
      {
        subjects: ['Search not finding {items|documents|tasks}'],
        bodies: ['I search for "{searchTerm}" and get zero results although I can see the task in the list.'],
        fixes: ['Search matches whole words; adding * finds partial matches.'],
      },
      {
        subjects: ["Can't find records by ID"],
        bodies: ['Searching by task ID ({int:1000-99999}) finds nothing.'],
        fixes: ['IDs are searched with a # prefix; we updated the help article to make that clearer.'],
      },
    ],
    slots: { searchTerm: ['invoice Q3', 'onboarding', 'Berlin office', 'renewal', 'budget 2025'] },
  },
  {
    key: 'timezone-dates',
    label: 'Wrong times and time zones',
    weight: 2.4,
    routing: { tier1: 7, tier2: 3 },
    types: { problem: 1, question: 1 },
    urgency: 0,
    tags: ['dates', 'timezone'],
    subjects: ['Time zone {issue|problem}'],
    cases: [
      {
        subjects: ['Wrong times shown in {reports|the calendar}', 'Report shows UTC instead of local time'],
        bodies: ['All times in {area} are {int:1-9} hours off.', 'Reports show UTC although our workspace is set to {city} time.'],
        fixes: ['Your personal time zone was set to UTC; changing it under Profile > Preferences fixed the times.', 'Reports use the workspace time zone; we set it to your local zone.'],
      },
      {
        subjects: ['Dates off by one day'],
        bodies: ['Due dates show one day earlier for our colleagues in {city}.'],
        fixes: ['The colleagues had a different profile time zone; date-only fields now ignore time zones after we changed the field type.'],
      },
      {
        subjects: ['Due dates shifted after daylight saving'],
        bodies: ['Since the clocks changed, recurring tasks are due an hour later.'],
        fixes: ['The recurring tasks had a fixed UTC time; re-saving them in local time fixed the daylight saving shift.'],
      },
    ],
    slots: { city: ['London', 'New York', 'Sydney', 'Singapore', 'Chicago', 'Berlin'] },
  },
  {
    key: 'attachments-upload',
    label: 'File uploads and attachments',
    weight: 2.3,
    routing: { tier1: 7, tier2: 3 },
    types: { problem: 1 },
    urgency: 0,
    tags: ['attachments', 'upload'],
    cases: [
      {
        subjects: ['File upload fails', 'Upload limit?'],
        bodies: ['Uploading a {int:30-80} MB PDF fails with "Upload failed".', 'What is the maximum file size on the {plan} plan?'],
        fixes: ['The file exceeded the 25 MB limit of your plan; larger files can be linked from cloud storage.'],
      },
      {
        subjects: ["Can't upload {attachments|files}", 'Attachment error 403'],
        bodies: ['Any upload fails with error 403 from our office network, at home it works.', 'Drag and drop of attachments does nothing in {browser}.'],
        fixes: ['Your proxy blocked uploads to our storage domain; allowlisting it fixed the uploads.'],
      },
      {
        subjects: ['Images not showing'],
        bodies: ['Images we attach in comments show as broken icons.'],
        fixes: ['The broken images were caused by a CDN cache issue; we purged it.'],
      },
    ],
  },
  {
    key: 'site-unavailable',
    label: 'Site down / 502 errors',
    weight: 1,
    routing: { tier1: 1 },
    types: { incident: 3, problem: 1 },
    urgency: 0.25,
    tags: ['outage', 'availability'],
    subjects: ['502 Bad Gateway', '{Site|App} down?', 'Is the app down{ right now|}?', 'Service unavailable'],
    cases: [
      {
        subjects: ["{Can't|Cannot} log in - {getting an error page|502}", 'Nothing loads'],
        bodies: [
          'Getting "502 Bad Gateway" on every page since about {int:8-17}:{int:10-59}.',
          'None of us can log in, the login page shows an error.',
          "Is there an outage? The app won't load for anyone in our office.",
        ],
        fixes: [
          'One of our load balancers had a brief failure; it was replaced automatically and the site is reachable again.',
          'A short network problem between your ISP and our provider caused the errors; it resolved itself{ within the hour|}.',
        ],
      },
      {
        subjects: ['504 Gateway Timeout', 'Everything times out'],
        bodies: ["Your status page says all systems operational but we can't access anything.", 'Everything times out, we tried different networks.'],
        fixes: ['Your firewall had started blocking our new IP range; allowlisting it restored access.'],
      },
    ],
    notes: ['Incident channel: #inc-{int:100-999}.', 'Bulk-replied with the incident macro.'],
  },
  {
    key: 'custom-fields',
    label: 'Custom fields missing after update',
    // Does not exist until the planted release introduces it.
    weight: 0,
    routing: { tier2: 2, tier1: 3 },
    types: { problem: 1 },
    urgency: 0.1,
    tags: ['custom-fields', 'regression'],
    subjects: ['Custom fields {disappeared|missing} after {the |}update', 'Where did our custom fields go?'],
    cases: [
      {
        subjects: ['Custom field values {empty|blank} since {version}', 'Custom field values gone'],
        bodies: [
          'After updating to {version} all our custom fields on {area} show as empty.',
          "The custom field values we entered are gone since {this morning's update|the update}.",
          'We rely on custom fields for our reporting and since {version} they are all blank!',
        ],
        fixes: ['This is a known bug in {version} that hides custom field values; our engineers are on it and no data was lost.'],
      },
      {
        subjects: ['Dropdown custom field shows no options', 'Custom fields not saving'],
        bodies: ['When I edit a record, the custom dropdown fields have no options anymore.', "Custom fields still exist under Settings but they don't appear on {area} anymore."],
        fixes: ['Known issue in {version} - your values are intact; we applied a workaround for your workspace.'],
      },
    ],
    details: ['Is our data lost?', 'This affects every project in our workspace.'],
    fixesAfterRelease: [
      'This was a bug in {version} that hid custom field values; it is fixed in {fixVersion} and no data was lost.',
      'Fixed in {fixVersion}: after the update your custom fields show their values again.',
    ],
    notes: ['Regression from the custom fields editor rewrite.', 'Linked to PLAT-{int:1000-9999} (custom fields null after migration).'],
  },
];

/** Off-topic tickets every desk gets: auto-replies, spam, thanks, misdirected mail. */
export const NOISE_TOPIC: TopicSpec = {
  key: NOISE_KEY,
  label: 'Noise (off-topic)',
  weight: 0,
  routing: { tier1: 1 },
  types: { question: 1 },
  urgency: -0.1,
  tags: [],
  plain: true,
  cases: [
    {
      subjects: ['Out of office: Re: {your request|ticket update|Invoice}', 'Automatic reply: {Your ticket|Re: Follow-up}'],
      bodies: ['I am out of the office until {weekday} with limited access to email. For urgent matters please contact {colleague}.'],
      fixes: ['Auto-reply, no action needed.'],
    },
    {
      subjects: ['Thank you!', 'Re: your request', 'Thanks'],
      bodies: ['Thanks, that worked!', 'Thank you for your help last week, all good now.'],
      fixes: ['No action needed.'],
    },
    {
      subjects: ['{Partnership opportunity|Quick question about your marketing|Boost your SEO}'],
      bodies: ['Hi, we help SaaS companies get {int:3-10}x more demos with our outbound service. Do you have 15 minutes this week?'],
      fixes: ['Spam.'],
    },
    {
      subjects: ['Unsubscribe', '(no subject)'],
      bodies: ['Please remove me from your mailing list.', 'unsubscribe'],
      fixes: ['Removed from the newsletter list.'],
    },
    {
      subjects: ['test', 'Test ticket'],
      bodies: ['test ticket please ignore', 'testing the support form'],
      fixes: ['Test ticket, closing.'],
    },
    {
      subjects: ['Meeting {next week|on Thursday}?', 'Fwd: {lunch|team offsite|holiday schedule}'],
      bodies: ['Are we still on for lunch on {weekday}?', 'Sorry, wrong address.'],
      fixes: ['Closed - not a support request.'],
    },
    {
      subjects: ['Question', 'Call me back please'],
      bodies: ['Can someone call me back? +1 555 01{int:10-99}'],
      fixes: ['Called back, customer had already found the answer.'],
    },
  ],
};

/** Topic keys chosen for each planted signal (see ./timeline.ts). */
export const PLANTED_TOPICS = {
  intermittent: 'export-queue',
  newProblem: 'custom-fields',
  fixed: 'mobile-crash',
  regression: 'slow-dashboard',
  outage: 'site-unavailable',
  growing: ['api-rate-limit', 'permissions'],
  shrinking: ['password-reset', 'csv-import'],
  niche: 'salesforce-sync',
} as const;
