/**
 * What the webhooks feature keeps in the store (both implementations, under
 * the store contract suite): endpoints, the outbox of events, and one
 * delivery per (event, endpoint).
 *
 * Events are written by the store itself, in the same transaction as the
 * change that caused them (a query opened, a message appended, a status or
 * assignee changed, a rating given) and only for the active endpoints that
 * subscribed to them at that moment — so a crash between the change and the
 * POST loses nothing, and nothing is written while no endpoint listens.
 */
import type { WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint, WebhookEventType } from '@parley/protocol';

export interface NewWebhookEndpoint {
  id: string;
  url: string;
  secret: string;
  events: WebhookEventType[];
  includeNotes: boolean;
  createdAt: string;
}

export interface WebhookEndpointPatch {
  url?: string;
  events?: WebhookEventType[];
  includeNotes?: boolean;
  active?: boolean;
  secret?: string;
}

/** A delivery handed to one dispatcher: what to POST, where, and the lease that lets it report back. */
export interface ClaimedDelivery {
  id: string;
  leaseId: string;
  endpointId: string;
  url: string;
  secret: string;
  eventId: string;
  eventType: WebhookEventType;
  /** The exact JSON body to POST (and sign). */
  payload: string;
  /** Attempts made before this one. */
  attempts: number;
  /** Set by a redelivery: past this time a failed attempt ends the delivery (else the retry window from `createdAt`). */
  retryUntil: string | null;
  createdAt: string;
}

export interface ClaimOptions {
  /** Deliveries to claim at most. */
  limit: number;
  /** Deliveries in flight per endpoint at most, counting those other dispatchers (nodes) hold. */
  perEndpoint: number;
  /** How long the claim holds; a dispatcher that dies lets it lapse and another takes the delivery again. */
  leaseMs: number;
}

/** How an attempt ended, as the dispatcher reports it. */
export interface AttemptOutcome {
  at: string;
  status: Exclude<WebhookDeliveryStatus, 'pending'> | 'retry';
  /** With `retry`: when to try again. */
  nextAttemptAt?: string;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
}

export interface DeliveryPage {
  deliveries: WebhookDelivery[];
  nextCursor: string | null;
}

export interface WebhookStore {
  createEndpoint(endpoint: NewWebhookEndpoint): Promise<WebhookEndpoint>;
  listEndpoints(): Promise<WebhookEndpoint[]>;
  getEndpoint(id: string): Promise<WebhookEndpoint | null>;
  /** Null when there is no such endpoint. */
  updateEndpoint(id: string, patch: WebhookEndpointPatch, at: string): Promise<WebhookEndpoint | null>;
  /** Removes the endpoint with its deliveries; false when there was none. */
  deleteEndpoint(id: string): Promise<boolean>;

  /** The endpoint's deliveries, newest first. */
  listDeliveries(endpointId: string, page: { limit: number; cursor?: string }): Promise<DeliveryPage>;
  /**
   * Queues the delivery again for one attempt now (whatever its status); null when the endpoint has no such
   * delivery.
   */
  redeliver(endpointId: string, deliveryId: string, at: string): Promise<WebhookDelivery | null>;

  /**
   * Leases pending deliveries that are due at `now` and not leased by anyone, oldest due first, at most
   * `perEndpoint` in flight per endpoint across every dispatcher sharing the database. Endpoints paused or
   * deleted meanwhile are skipped.
   */
  claimDue(now: string, options: ClaimOptions): Promise<ClaimedDelivery[]>;
  /**
   * Records an attempt. Ignored (false) when the lease is no longer the caller's (it lapsed and another
   * dispatcher took the delivery, or an admin asked for a redelivery meanwhile).
   */
  finishAttempt(deliveryId: string, leaseId: string, outcome: AttemptOutcome): Promise<boolean>;
  /** Deletes finished deliveries created before `before`, then events no delivery refers to. Returns deliveries deleted. */
  prune(before: string): Promise<number>;
}
