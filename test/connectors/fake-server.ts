/**
 * A local stand-in for a helpdesk API: node:http on 127.0.0.1 with a random port. A vendor fake
 * (fakes/*.ts) answers like the real API; tests script faults on top (a 429, a 500, a
 * dropped connection, a broken page) and read the request log.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

export interface FakeResponse {
  status?: number;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is (for malformed pages). */
  raw?: string;
  /** Drop the connection without answering (a network error). */
  destroy?: boolean;
}

export type FakeHandler = (request: FakeRequest, origin: string) => FakeResponse;

interface Fault {
  match: (request: FakeRequest) => boolean;
  responses: FakeResponse[];
  /** Keep answering with the last response instead of running out. */
  sticky: boolean;
}

export class FakeServer {
  readonly requests: FakeRequest[] = [];
  private faults: Fault[] = [];

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(handler: FakeHandler): Promise<FakeServer> {
    let fake: FakeServer | undefined;
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request: FakeRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers };
      fake!.requests.push(request);
      const response = fake!.scripted(request) ?? handler(request, fake!.origin);
      if (response.destroy) {
        req.socket.destroy();
        return;
      }
      const text = response.raw ?? JSON.stringify(response.body ?? null);
      res.writeHead(response.status ?? 200, { 'content-type': 'application/json; charset=utf-8', ...response.headers });
      res.end(text);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeServer(server, `http://127.0.0.1:${port}`);
    return fake;
  }

  /** The next matching requests get these responses, in order, before the vendor fake sees them. */
  script(match: (request: FakeRequest) => boolean, ...responses: FakeResponse[]): void {
    this.faults.push({ match, responses: [...responses], sticky: false });
  }

  /** Every matching request gets this response until `clearFaults()` (a hard failure). */
  failAlways(match: (request: FakeRequest) => boolean, response: FakeResponse): void {
    this.faults.push({ match, responses: [response], sticky: true });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Requests to one path, in order. */
  requestsTo(path: string): FakeRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private scripted(request: FakeRequest): FakeResponse | null {
    const fault = this.faults.find((f) => f.responses.length > 0 && f.match(request));
    if (!fault) return null;
    return fault.sticky ? fault.responses[0] : fault.responses.shift()!;
  }
}
