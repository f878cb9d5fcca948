/**
 * A minimal OpenID Connect provider on a local port, enough for an authorization-code round
 * trip: discovery, JWKS, an authorize step the test drives itself, and a token endpoint that
 * checks the client secret and PKCE and returns an RS256-signed ID token echoing the nonce.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';

export interface FakeUser {
  sub: string;
  email: string;
  name: string;
  emailVerified?: boolean;
  /** Extra claims, e.g. { groups: [...] }. */
  claims?: Record<string, unknown>;
}

interface PendingCode {
  user: FakeUser;
  nonce: string | null;
  codeChallenge: string | null;
  redirectUri: string;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export class FakeOidcProvider {
  readonly clientId = 'support-trends-test';
  readonly clientSecret = 'fake-client-secret';
  private server: Server | null = null;
  private readonly keys: { privateKey: KeyObject; publicKey: KeyObject };
  private readonly kid = randomBytes(4).toString('hex');
  private readonly codes = new Map<string, PendingCode>();
  issuer = '';
  /** Token requests seen, to assert on what the relying party sent. */
  readonly tokenRequests: URLSearchParams[] = [];

  constructor() {
    this.keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', this.issuer);
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (url.pathname === '/.well-known/openid-configuration') {
        return json(200, {
          issuer: this.issuer,
          authorization_endpoint: `${this.issuer}/authorize`,
          token_endpoint: `${this.issuer}/token`,
          jwks_uri: `${this.issuer}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          code_challenge_methods_supported: ['S256'],
          token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        });
      }
      if (url.pathname === '/jwks') {
        return json(200, { keys: [{ ...this.keys.publicKey.export({ format: 'jwk' }), kid: this.kid, alg: 'RS256', use: 'sig' }] });
      }
      if (url.pathname === '/token' && req.method === 'POST') {
        let body = '';
        req.on('data', (d) => (body += d));
        req.on('end', () => json(...this.token(new URLSearchParams(body), req.headers.authorization)));
        return;
      }
      json(404, { error: 'not_found' });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (!address || typeof address !== 'object') throw new Error('no address');
    this.issuer = `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /**
   * What the browser would do at the provider: the user signs in there and is sent back to the
   * redirect URI with a code. Returns that callback URL.
   */
  authorize(authorizationUrl: string, user: FakeUser): string {
    const request = new URL(authorizationUrl);
    if (request.searchParams.get('client_id') !== this.clientId) throw new Error('wrong client_id');
    const redirectUri = request.searchParams.get('redirect_uri')!;
    const code = randomBytes(12).toString('hex');
    this.codes.set(code, {
      user,
      nonce: request.searchParams.get('nonce'),
      codeChallenge: request.searchParams.get('code_challenge'),
      redirectUri,
    });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    back.searchParams.set('state', request.searchParams.get('state')!);
    return back.toString();
  }

  private token(params: URLSearchParams, authorization: string | undefined): [number, unknown] {
    this.tokenRequests.push(params);
    const basic = authorization?.startsWith('Basic ') ? Buffer.from(authorization.slice(6), 'base64').toString().split(':').map(decodeURIComponent) : null;
    const clientId = basic?.[0] ?? params.get('client_id');
    const clientSecret = basic?.[1] ?? params.get('client_secret');
    if (clientId !== this.clientId || clientSecret !== this.clientSecret) return [401, { error: 'invalid_client' }];
    const pending = this.codes.get(params.get('code') ?? '');
    if (!pending || params.get('redirect_uri') !== pending.redirectUri) return [400, { error: 'invalid_grant' }];
    this.codes.delete(params.get('code')!);
    if (pending.codeChallenge) {
      const verifier = params.get('code_verifier') ?? '';
      if (createHash('sha256').update(verifier).digest('base64url') !== pending.codeChallenge) return [400, { error: 'invalid_grant', error_description: 'PKCE' }];
    }
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: this.issuer,
      aud: this.clientId,
      sub: pending.user.sub,
      email: pending.user.email,
      email_verified: pending.user.emailVerified ?? true,
      name: pending.user.name,
      iat: now,
      exp: now + 300,
      ...(pending.nonce ? { nonce: pending.nonce } : {}),
      ...pending.user.claims,
    };
    const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: this.kid }));
    const payload = b64url(JSON.stringify(claims));
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), this.keys.privateKey).toString('base64url');
    return [200, { access_token: randomBytes(16).toString('hex'), token_type: 'Bearer', expires_in: 300, id_token: `${header}.${payload}.${signature}`, scope: 'openid email profile' }];
  }
}
