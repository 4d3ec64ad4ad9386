/**
 * One fetch wrapper for every REST call: JSON in and out, `{ error }` bodies
 * turned into ParleyError, network failures into `unavailable`.
 */
import type { ErrorResponse } from '@parley/protocol';
import { ParleyError, toErrorBody } from '../errors.js';

export interface HttpRequest {
  method: string;
  path: string;
  body?: unknown;
  token?: string;
}

export type FetchLike = typeof fetch;

/** Performs one request against `baseUrl`; resolves with the parsed JSON body (undefined on 204). */
export async function httpRequest<T>(baseUrl: string, request: HttpRequest, fetchImpl: FetchLike = fetch): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.token) headers['authorization'] = `Bearer ${request.token}`;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const response = await reach(fetchImpl, joinUrl(baseUrl, request.path), {
    method: request.method,
    headers,
    ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
  });
  const parsed = parseJson(await response.text().catch(() => ''));
  if (!response.ok) throw errorFor(response.status, parsed);
  return parsed as T;
}

/**
 * GETs binary content (attachments) with the Bearer token; resolves with a Blob. Errors are
 * ParleyErrors like {@link httpRequest}'s (the server answers them in JSON).
 */
export async function httpBlob(baseUrl: string, request: { path: string; token?: string }, fetchImpl: FetchLike = fetch): Promise<Blob> {
  const headers: Record<string, string> = {};
  if (request.token) headers['authorization'] = `Bearer ${request.token}`;
  const response = await reach(fetchImpl, joinUrl(baseUrl, request.path), { method: 'GET', headers });
  if (!response.ok) throw errorFor(response.status, parseJson(await response.text().catch(() => '')));
  return response.blob();
}

/** Builds `/path?a=1&b=2`, leaving out undefined values. */
export function withQuery(path: string, params: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/** fetch, with a network failure (no response at all) turned into `unavailable`: worth retrying. */
async function reach(fetchImpl: FetchLike, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetchImpl(url, init);
  } catch (error) {
    throw new ParleyError({ code: 'unavailable', message: `server unreachable: ${toErrorBody(error).message}` });
  }
}

/** The server's `{ error }` body when there is one, else a code read from the status (a proxy's bare 502). */
function errorFor(status: number, parsed: unknown): ParleyError {
  const body = (parsed as Partial<ErrorResponse> | undefined)?.error;
  return new ParleyError(
    body && typeof body === 'object' ? toErrorBody(body, codeForStatus(status)) : { code: codeForStatus(status), message: `HTTP ${status}` },
    status,
  );
}

function joinUrl(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, '') + path;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function codeForStatus(status: number): ParleyError['code'] {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 413) return 'payload_too_large';
  if (status === 429) return 'rate_limited';
  // 502/503/504 come from whatever stands between us and the server (a proxy, a
  // service worker answering offline): the server may be fine, so retry.
  if (status === 502 || status === 503 || status === 504) return 'unavailable';
  if (status >= 500) return 'internal';
  return 'invalid_payload';
}
