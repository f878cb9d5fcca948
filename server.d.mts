/** Types of server.mjs (plain JavaScript, so it starts without a compiler), for the tests. */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export const PEER_ADDRESS_HEADER: string;
export const ALLOWED_METHODS: string[];
export const DRAIN_MS: number;
export const STOP_DEADLINE_MS: number;
export const PER_CLIENT_CONCURRENCY: number;
export const PER_CLIENT_QUEUE: number;
export const QUEUE_WAIT_MS: number;
export const REFUSAL_HEADERS: Record<string, string>;
export function clientKey(req: Pick<IncomingMessage, 'headers'> & { socket?: { remoteAddress?: string } }): string;
export function isStaticPath(url: string): boolean;
export interface Admission {
  admit(key: string): Promise<() => void>;
  load(key: string): { active: number; waiting: number };
}
export function createAdmission(options?: { concurrency?: number; queue?: number; waitMs?: number }): Admission;
export function refuseMethod(method: string | undefined, res: ServerResponse): void;
export function startServer(options: { port: number; hostname: string; dir: string }): Promise<Server>;
