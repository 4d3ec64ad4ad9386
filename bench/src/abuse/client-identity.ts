/**
 * Acting as a client from a given address. Every client of the abuse scenario
 * runs on 127.0.0.1, and the server (target `parley-defaults`) trusts
 * loopback as its proxy, so the address it counts a client under is the
 * `X-Forwarded-For` header the client sends — exactly what HAProxy would
 * write in front of it. REST goes through fetch with that header, sockets
 * through the thin client with it on the upgrade request.
 */
import { PROTOCOL_VERSION, RestRoutes, Namespaces } from '@parley/protocol';
import type { CustomerAuthResponse, QueryResponse } from '@parley/protocol';
import type { BenchConnection } from '../load/connection.ts';
import { connectEio } from '../load/eio-client.ts';

/** The header that makes the server see `address` as the client. */
export function forwardedFor(address: string): Record<string, string> {
  return { 'x-forwarded-for': address };
}

/** A REST answer that was not 2xx: its status and the server's error code. */
export class RestRefusal extends Error {
  readonly status: number;
  readonly data: { code?: string; message?: string; status: number };
  constructor(status: number, body: { error?: { code?: string; message?: string } } | undefined) {
    super(`HTTP ${status}: ${body?.error?.code ?? 'no code'} ${body?.error?.message ?? ''}`);
    this.name = 'RestRefusal';
    this.status = status;
    this.data = { ...body?.error, status };
  }
}

/** One REST call as the client at `address`; throws {@link RestRefusal} on a non-2xx answer. */
export async function restAs<T>(url: string, address: string, method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const response = await fetch(url + path, {
    method,
    headers: {
      ...forwardedFor(address),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) throw new RestRefusal(response.status, parsed as { error?: { code?: string; message?: string } });
  return parsed as T;
}

/** Signs a visitor in from `address`; returns its token. */
export async function signInVisitor(url: string, address: string, name: string): Promise<string> {
  return (await restAs<CustomerAuthResponse>(url, address, 'POST', RestRoutes.visitorAuth, { name })).token;
}

/** Opens a query as `token` from `address`; returns its id. */
export async function openQuery(url: string, address: string, token: string, subject: string, body: string): Promise<string> {
  return (await restAs<QueryResponse>(url, address, 'POST', RestRoutes.queries, { subject, body }, token)).query.id;
}

/** A /chat socket as `token`, from `address` (the thin client, websocket transport). */
export function connectCustomerFrom(url: string, address: string, token: string, timeoutMs = 10_000): Promise<BenchConnection> {
  return connectEio({ url, namespace: Namespaces.Chat, auth: { token, protocol: PROTOCOL_VERSION }, headers: forwardedFor(address), timeoutMs });
}
