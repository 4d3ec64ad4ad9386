/** Response bodies of the REST API under /api. Errors are {@link ErrorResponse}. */
import type {
  Agent,
  AgentWithPresence,
  Attachment,
  CannedReply,
  Customer,
  CustomerPresence,
  Message,
  Query,
} from './entities.js';

export interface CustomerAuthResponse {
  token: string;
  customer: Customer;
  /**
   * Visitors only: a secret that signs in as the same visitor again
   * (`POST /api/auth/visitor { resumeKey }`), so an expired token is renewed
   * without losing the visitor's queries. Store it like a password.
   */
  resumeKey?: string;
}

export interface AgentAuthResponse {
  token: string;
  agent: Agent;
}

/**
 * `POST /api/auth/refresh`: a fresh token for the bearer of a still-valid one;
 * also the answer of `POST /api/auth/sign-out-everywhere` (staff), whose fresh
 * token is the only one of the caller still valid.
 */
export interface RefreshResponse {
  token: string;
}

/**
 * `PATCH /api/auth/me`: the agent as now stored; with a new password also a fresh `token`, the only one of the
 * caller still valid (every other browser and device is signed out, as with sign-out everywhere).
 */
export interface UpdateMeResponse {
  agent: Agent;
  token?: string;
}

/**
 * `GET /api/customers/:id` (staff): who the customer is — name, email, visitor or identified, first and last seen —,
 * whether they are online now, and their queries (every status, newest first, at most 20).
 * `PATCH /api/customers/:id` (staff) and `PATCH /api/customers/me` (the customer) answer the same shape.
 */
export interface CustomerResponse {
  customer: Customer;
  /** Absent from servers before it existed. */
  presence?: CustomerPresence;
  /** Absent from servers before it existed, and from the PATCH answers. */
  queries?: Query[];
  /**
   * `PATCH /api/customers/me` only: a fresh token carrying the new name; hand it to the live socket
   * (`auth:renew`) so the customer's next messages carry the new name.
   */
  token?: string;
}

export interface AgentListResponse {
  agents: AgentWithPresence[];
}

export interface AgentResponse {
  agent: Agent;
}

export interface QueryResponse {
  query: Query;
}

export interface QueryListResponse {
  queries: Query[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface MessageListResponse {
  messages: Message[];
}

export interface AttachmentResponse {
  attachment: Attachment;
}

export interface CannedReplyListResponse {
  cannedReplies: CannedReply[];
}

export interface CannedReplyResponse {
  cannedReply: CannedReply;
}

/** `GET /api/capabilities` (staff): what this server is set up to do, for the console to say so. */
export interface CapabilitiesResponse {
  /** Customers with an email address are emailed replies they have not read (SMTP_URL is set). */
  emailNotifications: boolean;
}

/** `GET /healthz` and `GET /readyz`. */
export interface HealthResponse {
  status: 'ok' | 'unavailable';
}

/** Path of every REST route, so clients never spell one by hand. */
export const RestRoutes = {
  visitorAuth: '/api/auth/visitor',
  customerAuth: '/api/auth/customer',
  login: '/api/auth/login',
  refresh: '/api/auth/refresh',
  signOutEverywhere: '/api/auth/sign-out-everywhere',
  me: '/api/auth/me',
  agents: '/api/agents',
  agent: (id: string) => `/api/agents/${encodeURIComponent(id)}`,
  queries: '/api/queries',
  query: (id: string) => `/api/queries/${encodeURIComponent(id)}`,
  messages: (id: string) => `/api/queries/${encodeURIComponent(id)}/messages`,
  attachments: (id: string) => `/api/queries/${encodeURIComponent(id)}/attachments`,
  rating: (id: string) => `/api/queries/${encodeURIComponent(id)}/rating`,
  cannedReplies: '/api/canned-replies',
  cannedReply: (id: string) => `/api/canned-replies/${encodeURIComponent(id)}`,
  capabilities: '/api/capabilities',
  customer: (id: string) => `/api/customers/${encodeURIComponent(id)}`,
  /** A visitor's own details (`PATCH`). */
  myCustomer: '/api/customers/me',
  settings: '/api/settings',
  search: '/api/search',
  reports: '/api/reports',
  teams: '/api/teams',
  team: (id: string) => `/api/teams/${encodeURIComponent(id)}`,
  healthz: '/healthz',
  readyz: '/readyz',
} as const;
