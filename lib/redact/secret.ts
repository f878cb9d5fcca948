/**
 * API keys, tokens and passwords, in the order they are looked for (each step only sees what the
 * previous ones left):
 * 1. PEM private key blocks (`-----BEGIN … PRIVATE KEY-----` … `-----END …-----`);
 * 2. tokens with a documented prefix: Stripe `sk_live_`/`sk_test_`/`rk_…`/`whsec_`, GitHub
 *    `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_`/`github_pat_`, Slack `xoxb-`/`xoxp-`/…, AWS access key ids
 *    `AKIA…`/`ASIA…`, Google `AIza…`, OpenAI `sk-…`, GitLab `glpat-`, npm `npm_`, SendGrid `SG.`;
 * 3. JSON Web Tokens `eyJ….eyJ….sig` (base64url of `{"`);
 * 4. HTTP authorization: `Authorization: <scheme> <value>` and `Bearer <token>` anywhere;
 * 5. assignments `password=…`, `"api_key": "…"`, `DB_PASSWORD: …`, `client_secret=…`: only the
 *    value is replaced, so the key name still tells what was there;
 * 6. long random-looking strings (see high-entropy.ts).
 * Password values are always redacted, whatever they look like, unless the "value" is an
 * ordinary word of prose ("the password: it does not work"); token/key values only when they
 * look generated (8+ characters with a digit), since "invalid token: expired" is prose.
 */
import { redactHighEntropy } from './high-entropy';
import { replaceMatches, type Redaction } from './replace-matches';
import { trailingRunStart, withoutTrailing } from '@/lib/trailing-run';

const PLACEHOLDER = '[secret]';

const PEM_PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;

const PREFIXED_TOKEN = new RegExp(
  '\\b(?:' +
    [
      '[sr]k_(?:live|test)_[A-Za-z0-9]{10,}', // Stripe secret / restricted keys
      'whsec_[A-Za-z0-9]{20,}', // Stripe webhook secrets
      'gh[pousr]_[A-Za-z0-9]{30,}', // GitHub tokens
      'github_pat_[A-Za-z0-9_]{30,}', // GitHub fine-grained tokens
      'xox[abposre]-[A-Za-z0-9-]{10,}', // Slack tokens
      '(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[A-Z0-9]{16}(?![A-Za-z0-9])', // AWS key ids
      'AIza[0-9A-Za-z_-]{35}', // Google API keys
      // OpenAI; the digit and the capital are looked for in the first 200 characters only, so a
      // run of `sk-sk-sk-…` costs a bounded look from each `sk-` instead of a rescan of the run.
      'sk-(?:proj-|svcacct-|admin-)?(?=[A-Za-z0-9_-]{0,200}\\d)(?=[A-Za-z0-9_-]{0,200}[A-Z])[A-Za-z0-9_-]{20,}',
      'glpat-[A-Za-z0-9_-]{20,}', // GitLab personal access tokens
      'npm_[A-Za-z0-9]{36}', // npm tokens
      'SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}', // SendGrid
    ].join('|') +
    ')',
  'g',
);
const PREFIX_HINT = /sk_|rk_|whsec_|gh[pousr]_|github_pat_|xox|AKIA|ASIA|AGPA|AIDA|AROA|ANPA|AIza|sk-|glpat-|npm_|SG\./;

// Header and payload are base64url of `{"…`. When the dots do not follow, the second branch takes
// the rest of the segment (and keeps it): every later `eyJ` in that segment would fail the same
// way, and retrying each one rescans the segment (quadratic on `eyJ00000-eyJ00000-…`).
const JWT = /\beyJ(?:[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*|[A-Za-z0-9_-]*)/g;

// "Authorization: Basic dXNlcjpwYXNz", "Proxy-Authorization: Bearer …", and Bearer tokens in prose.
const AUTHORIZATION_HEADER =
  /\b((?:Proxy-)?Authorization["']?\s*[:=]\s*["']?(?:(?:Bearer|Basic|Digest|Token|Bot|AWS4-HMAC-SHA256)\s+)?)([^\s"'[][^\s"',]*)/gi;
const AUTH_SCHEME = /^(?:Bearer|Basic|Digest|Token|Bot|AWS4-HMAC-SHA256)$/i;
const BEARER = /\b(Bearer\s+)([A-Za-z0-9._~+/-]{8,}=*)/g;

const PASSWORD_KEY = 'pass(?:word|wd|phrase)|pwd';
const TOKEN_KEY =
  'secret|token|api[_-]?key|access[_-]?key|private[_-]?key|auth[_-]?key|client[_-]?secret|session[_-]?(?:id|key)|credentials?';
// The key may carry a prefix (`DB_`, `X-Api-`, `aws_`) and a `_key`/`_token`/`_secret` suffix;
// its value is quoted (spaces allowed) or runs to the next space or separator.
const ASSIGNMENT = new RegExp(
  `(?<![A-Za-z0-9])((?:${PASSWORD_KEY})|(?:${TOKEN_KEY}))((?:[_-](?:access[_-])?(?:key|token|secret))?["']?\\s*(?::|=>?|\\bis\\b)\\s*)` +
    `(?:"([^"\\n]{1,200})"|'([^'\\n]{1,200})'|([^\\s"',;&<>()[\\]{}]+))`,
  'gi',
);
const KEY_HINT = /pass|pwd|secret|token|key|credential|session/i;

// Words that follow "password:" in prose rather than a password.
const PROSE_WORDS = new Set(
  'a an the is was are were be been not no and or but if to for of on in at by with my your our their his her its it i we you they this that these those can cannot could does do did doesn dont will would should must has have had reset resets expired expires changed change changes field fields policy required incorrect invalid wrong same new old forgot please'.split(
    ' ',
  ),
);

const PASSWORD_KEY_ONLY = new RegExp(`^(?:${PASSWORD_KEY})$`, 'i');

function looksGenerated(value: string): boolean {
  return value.length >= 8 && /\d/.test(value);
}

/** Whether the value after a key is a secret, by the rules of the module comment. */
function isSecretValue(key: string, separator: string, value: string): boolean {
  if (value === '' || value.startsWith('[')) return false;
  if (!PASSWORD_KEY_ONLY.test(key)) return looksGenerated(value);
  // "the password is working" is prose; "my password is hunter2" is not.
  if (/\bis\b/i.test(separator)) return /[^A-Za-z]/.test(value);
  return !PROSE_WORDS.has(withoutTrailing(value.toLowerCase(), (c) => c < 'a' || c > 'z'));
}

function redactAssignments(text: string): Redaction {
  if (!KEY_HINT.test(text)) return { text, count: 0 };
  return replaceMatches(text, ASSIGNMENT, (m) => {
    const [, key, separator] = m;
    const quote = m[3] !== undefined ? '"' : m[4] !== undefined ? "'" : '';
    let value = m[3] ?? m[4] ?? m[5] ?? '';
    // A full stop or colon after an unquoted value ends the sentence, not the password.
    const trailing = quote === '' ? value.slice(trailingRunStart(value, (c) => c === '.' || c === ':')) : '';
    value = value.slice(0, value.length - trailing.length);
    if (!isSecretValue(key, separator, value)) return null;
    return key + separator + quote + PLACEHOLDER + quote + trailing;
  });
}

type Step = (text: string) => Redaction;

/** A step that runs `pattern` only when the cheap `hint` says there may be something to find. */
function step(hint: (text: string) => boolean, pattern: RegExp, replacement: Parameters<typeof replaceMatches>[2]): Step {
  return (text) => (hint(text) ? replaceMatches(text, pattern, replacement) : { text, count: 0 });
}

const STEPS: readonly Step[] = [
  step((t) => t.includes('-----BEGIN'), PEM_PRIVATE_KEY, () => PLACEHOLDER),
  step((t) => PREFIX_HINT.test(t), PREFIXED_TOKEN, () => PLACEHOLDER),
  step((t) => t.includes('eyJ'), JWT, (m) => (m[0].includes('.') ? PLACEHOLDER : null)),
  step((t) => /authorization/i.test(t), AUTHORIZATION_HEADER, (m) => (AUTH_SCHEME.test(m[2]) ? null : m[1] + PLACEHOLDER)),
  step((t) => t.includes('Bearer'), BEARER, (m) => (/\d/.test(m[2]) ? m[1] + PLACEHOLDER : null)),
  redactAssignments,
  redactHighEntropy,
];

export function redactSecrets(text: string): Redaction {
  let count = 0;
  for (const run of STEPS) {
    const result = run(text);
    text = result.text;
    count += result.count;
  }
  return { text, count };
}
