/**
 * What happens to every request before a page or endpoint sees it, in one place for proxy.ts and
 * for the few routes proxy.ts does not run for (UNPROXIED_PATHS, the upload): the access rules
 * (access-policy.ts), the security headers with a fresh CSP nonce, and the request headers passed
 * on — the path for sign-in redirects, and the client's address for the sign-in throttle, always
 * written here so a client cannot supply its own.
 */
import { decideAccess, type AccessDecision, type AccessPolicy } from './access-policy';
import { parseTrustedProxies, resolveClientAddress, type TrustedProxies } from './client-address';
import { getAuthConfig, type AuthConfig } from './config';
import { errorBody } from '@/db/errors';
import { CLIENT_ADDRESS_HEADER, NONCE_HEADER, PEER_ADDRESS_HEADER, REQUEST_PATH_HEADER } from './paths';

export { PROXIED_BODY_LIMIT_BYTES } from './paths';
import { createNonce, securityHeaders } from './security-headers';
import { getEnv } from '@/lib/env';
import { describeError } from '@/db/errors';

export interface GateRequest {
  method: string;
  url: URL;
  headers: Headers;
}

export type GateOutcome =
  /** Answer with this now (refused, redirected, or the settings are broken). */
  | { kind: 'answer'; status: number; body: unknown | null; location?: string; headers: Record<string, string> }
  /** Go on, with these request headers; put `responseHeaders` on the answer. */
  | { kind: 'pass'; forward: Headers; responseHeaders: Record<string, string> };

function policyOf(config: AuthConfig, maxBodyBytes: number | undefined): AccessPolicy {
  return config.enabled ? { signIn: true, origin: config.origin, maxBodyBytes } : { signIn: false, extraHosts: config.extraHosts, maxBodyBytes };
}

let trusted: { text: string | undefined; list: TrustedProxies } | undefined;

/** The client's address as this server saw it (see client-address.ts), or null when unknown. */
export function clientAddressOf(headers: Headers): string | null {
  const env = getEnv();
  if (!trusted || trusted.text !== env.SUPPORT_TRENDS_TRUSTED_PROXIES) trusted = { text: env.SUPPORT_TRENDS_TRUSTED_PROXIES, list: parseTrustedProxies(env.SUPPORT_TRENDS_TRUSTED_PROXIES) };
  const peer = env.SUPPORT_TRENDS_INTERNAL_PEER_HEADER === '1' ? headers.get(PEER_ADDRESS_HEADER) : null;
  return resolveClientAddress(peer, headers.get('x-forwarded-for'), trusted.list);
}

export function passRequest(request: GateRequest, options: { maxBodyBytes?: number; development?: boolean } = {}): GateOutcome {
  let config: AuthConfig;
  try {
    config = getAuthConfig();
  } catch (error) {
    // A broken sign-in setup must not fall back to an open dashboard.
    console.error(`support-trends: ${describeError(error)}`);
    return { kind: 'answer', status: 503, body: errorBody('Unavailable', 'The server settings are invalid; see the server log.'), headers: { 'Cache-Control': 'no-store' } };
  }
  const nonce = createNonce();
  const headers = securityHeaders({ nonce, development: options.development ?? false, https: config.enabled && config.secureCookies });
  const { pathname, search } = request.url;
  const decision: AccessDecision = decideAccess({ method: request.method, path: pathname, search, headers: request.headers }, policyOf(config, options.maxBodyBytes));
  if (decision.kind === 'redirect') {
    const location = new URL(decision.location, config.enabled ? config.baseUrl : request.url).toString();
    return { kind: 'answer', status: 307, body: null, location, headers };
  }
  if (decision.kind === 'deny') {
    return { kind: 'answer', status: decision.status, body: errorBody(decision.error, decision.message), headers: { ...headers, ...decision.headers, 'Cache-Control': 'no-store' } };
  }
  const forward = new Headers(request.headers);
  forward.set(NONCE_HEADER, nonce);
  forward.set('Content-Security-Policy', headers['Content-Security-Policy']);
  forward.set(REQUEST_PATH_HEADER, pathname + search);
  const client = clientAddressOf(request.headers);
  if (client) forward.set(CLIENT_ADDRESS_HEADER, client);
  else forward.delete(CLIENT_ADDRESS_HEADER);
  forward.delete(PEER_ADDRESS_HEADER);
  return { kind: 'pass', forward, responseHeaders: headers };
}

/**
 * For a route proxy.ts does not run for: the gate's answer as a Response, or null to go on —
 * then `finish` puts the security headers on the route's own answer.
 */
export function gateUnproxiedRoute(request: Request): { refusal: Response | null; finish(response: Response): Response } {
  const outcome = passRequest({ method: request.method, url: new URL(request.url), headers: request.headers });
  if (outcome.kind === 'answer') {
    const headers = new Headers(outcome.headers);
    if (outcome.location) headers.set('Location', outcome.location);
    const refusal = outcome.body === null ? new Response(null, { status: outcome.status, headers }) : Response.json(outcome.body, { status: outcome.status, headers });
    return { refusal, finish: (r) => r };
  }
  return {
    refusal: null,
    finish(response) {
      for (const [name, value] of Object.entries(outcome.responseHeaders)) response.headers.set(name, value);
      return response;
    },
  };
}
