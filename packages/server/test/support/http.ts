import type { Agent, Customer, Query } from '@parley/protocol';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './server.js';

export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A JSON request; `body` may be a raw string to send exactly those bytes. */
export async function api<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const response = await fetch(baseUrl + path, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON (static pages): keep the text
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

export async function signInVisitor(baseUrl: string, name?: string): Promise<{ token: string; customer: Customer; resumeKey: string }> {
  const res = await api(baseUrl, 'POST', '/api/auth/visitor', { body: name ? { name } : {} });
  if (res.status !== 201) throw new Error(`visitor sign-in failed: ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function login(baseUrl: string, email = ADMIN_EMAIL, password = ADMIN_PASSWORD): Promise<{ token: string; agent: Agent }> {
  const res = await api(baseUrl, 'POST', '/api/auth/login', { body: { email, password } });
  if (res.status !== 200) throw new Error(`login failed: ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function createAgent(
  baseUrl: string,
  adminToken: string,
  input: { email: string; name: string; role?: 'agent' | 'admin'; password?: string },
): Promise<{ token: string; agent: Agent }> {
  const password = input.password ?? 'agent-password-1';
  const res = await api(baseUrl, 'POST', '/api/agents', {
    token: adminToken,
    body: { email: input.email, name: input.name, role: input.role ?? 'agent', password },
  });
  if (res.status !== 201) throw new Error(`create agent failed: ${JSON.stringify(res.body)}`);
  return login(baseUrl, input.email, password);
}

export async function openQuery(baseUrl: string, token: string, subject = 'Help', body = 'My order did not arrive'): Promise<Query> {
  const res = await api(baseUrl, 'POST', '/api/queries', { token, body: { subject, body } });
  if (res.status !== 201) throw new Error(`open query failed: ${JSON.stringify(res.body)}`);
  return res.body.query;
}
