/** Sign-in helpers: plain REST calls that turn credentials into a {@link Session}. */
import {
  RestRoutes,
  type Agent,
  type AgentAuthResponse,
  type CustomerAuthResponse,
  type RefreshResponse,
  type UpdateMeRequest,
  type UpdateMeResponse,
  type CustomerResponse,
  type UpdateCustomerRequest,
} from '@parley/protocol';
import { httpRequest, type FetchLike } from '../rest/http.js';
import type { CustomerIdentity, Session } from './session.js';

/**
 * An anonymous or self-named customer. Pass the `resumeKey` of an earlier
 * session to come back as the same visitor (same queries).
 * @example
 * const session = await signInVisitor('', { name: 'Ada', resumeKey: localStorage.getItem('resumeKey') ?? undefined });
 */
export async function signInVisitor(
  baseUrl: string,
  input: { name?: string; email?: string; resumeKey?: string } = {},
  fetchImpl?: FetchLike,
): Promise<Session> {
  const response = await postCustomerAuth(baseUrl, RestRoutes.visitorAuth, input, fetchImpl);
  const resumeKey = response.resumeKey ?? input.resumeKey;
  return { ...customerSession(response), ...(resumeKey ? { resumeKey } : {}) };
}

/** A customer identified by the host application, with the identity its backend signed (docs/embedding.md). */
export async function signInCustomer(
  baseUrl: string,
  identity: CustomerIdentity,
  fetchImpl?: FetchLike,
): Promise<Session> {
  const response = await postCustomerAuth(baseUrl, RestRoutes.customerAuth, { identity }, fetchImpl);
  return { ...customerSession(response), identity };
}

/** An agent or admin, by email and password. */
export async function signInAgent(
  baseUrl: string,
  email: string,
  password: string,
  fetchImpl?: FetchLike,
): Promise<Session & { agent: Agent }> {
  const response = await httpRequest<AgentAuthResponse>(
    baseUrl,
    { method: 'POST', path: RestRoutes.login, body: { email, password } },
    fetchImpl,
  );
  return {
    token: response.token,
    user: { id: response.agent.id, role: response.agent.role, name: response.agent.name },
    agent: response.agent,
  };
}

/** A fresh token for the bearer of a still-valid one (`POST /api/auth/refresh`). */
export function refreshToken(baseUrl: string, token: string, fetchImpl?: FetchLike): Promise<string> {
  return exchangeToken(baseUrl, RestRoutes.refresh, token, fetchImpl);
}

/**
 * Revokes every token of the signed-in agent and returns the one fresh token
 * still valid (`POST /api/auth/sign-out-everywhere`).
 */
export function signOutEverywhere(baseUrl: string, token: string, fetchImpl?: FetchLike): Promise<string> {
  return exchangeToken(baseUrl, RestRoutes.signOutEverywhere, token, fetchImpl);
}

/** Staff: their own name and/or password (`PATCH /api/auth/me`); with a new password the answer carries a fresh token. */
export function updateMe(baseUrl: string, token: string, input: UpdateMeRequest, fetchImpl?: FetchLike): Promise<UpdateMeResponse> {
  return httpRequest<UpdateMeResponse>(baseUrl, { method: 'PATCH', path: RestRoutes.me, token, body: input }, fetchImpl);
}

/** A visitor: their own name and/or email (`PATCH /api/customers/me`); the answer carries a token with the new name. */
export function updateMyCustomer(baseUrl: string, token: string, input: UpdateCustomerRequest, fetchImpl?: FetchLike): Promise<CustomerResponse> {
  return httpRequest<CustomerResponse>(baseUrl, { method: 'PATCH', path: RestRoutes.myCustomer, token, body: input }, fetchImpl);
}

/** Both token exchanges: the bearer's token in, a fresh one out. */
async function exchangeToken(baseUrl: string, path: string, token: string, fetchImpl?: FetchLike): Promise<string> {
  const response = await httpRequest<RefreshResponse>(baseUrl, { method: 'POST', path, token }, fetchImpl);
  return response.token;
}

/** The two customer sign-ins differ only in route and credentials. */
function postCustomerAuth(baseUrl: string, path: string, body: unknown, fetchImpl?: FetchLike): Promise<CustomerAuthResponse> {
  return httpRequest<CustomerAuthResponse>(baseUrl, { method: 'POST', path, body }, fetchImpl);
}

function customerSession(response: CustomerAuthResponse): Session {
  return { token: response.token, user: { id: response.customer.id, role: 'customer', name: response.customer.name } };
}
