/**
 * Admins' management of webhook endpoints and their deliveries. Inputs arrive
 * parsed by the protocol's zod schemas; a URL is also checked against the
 * address guard (no private or reserved address unless allowed). The secret
 * is made here (32 random bytes) unless the admin brings one, and is only
 * ever returned by the call that made it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type {
  CreateWebhookRequest, UpdateWebhookRequest, WebhookDelivery, WebhookDeliveryListResponse, WebhookEndpoint,
  WebhookResponse,
} from '@parley/protocol';
import { AppError } from '../errors/app-error.js';
import { checkWebhookUrl, type Resolve } from './address-guard.js';
import type { WebhookEndpointPatch, WebhookStore } from './webhook-store.js';

const notFound = () => new AppError('not_found', 'no webhook with this id');

export interface WebhookServiceDeps {
  store: WebhookStore;
  allowPrivateAddresses: boolean;
  /** Wakes this node's dispatcher (a redelivery is due now). */
  nudge: () => void;
  now?: () => Date;
  resolve?: Resolve;
}

export class WebhookService {
  readonly #deps: WebhookServiceDeps;
  readonly #now: () => Date;

  constructor(deps: WebhookServiceDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? (() => new Date());
  }

  list(): Promise<WebhookEndpoint[]> {
    return this.#deps.store.listEndpoints();
  }

  async create(input: CreateWebhookRequest): Promise<WebhookResponse> {
    await checkWebhookUrl(input.url, this.#deps.allowPrivateAddresses, this.#deps.resolve);
    const secret = input.secret ?? newSecret();
    const webhook = await this.#deps.store.createEndpoint({
      id: randomUUID(),
      url: input.url,
      secret,
      events: [...new Set(input.events)],
      includeNotes: input.includeNotes ?? false,
      createdAt: this.#now().toISOString(),
    });
    return { webhook, secret };
  }

  async update(id: string, input: UpdateWebhookRequest): Promise<WebhookResponse> {
    if (input.url !== undefined) await checkWebhookUrl(input.url, this.#deps.allowPrivateAddresses, this.#deps.resolve);
    const patch: WebhookEndpointPatch = {
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.events !== undefined ? { events: [...new Set(input.events)] } : {}),
      ...(input.includeNotes !== undefined ? { includeNotes: input.includeNotes } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      ...(input.rotateSecret ? { secret: newSecret() } : {}),
    };
    const webhook = await this.#deps.store.updateEndpoint(id, patch, this.#now().toISOString());
    if (!webhook) throw notFound();
    return patch.secret ? { webhook, secret: patch.secret } : { webhook };
  }

  async delete(id: string): Promise<void> {
    if (!(await this.#deps.store.deleteEndpoint(id))) throw notFound();
  }

  async deliveries(id: string, page: { limit?: number; cursor?: string }): Promise<WebhookDeliveryListResponse> {
    if (!(await this.#deps.store.getEndpoint(id))) throw notFound();
    return this.#deps.store.listDeliveries(id, { limit: page.limit ?? 50, ...(page.cursor !== undefined ? { cursor: page.cursor } : {}) });
  }

  async redeliver(id: string, deliveryId: string): Promise<WebhookDelivery> {
    const delivery = await this.#deps.store.redeliver(id, deliveryId, this.#now().toISOString());
    if (!delivery) throw new AppError('not_found', 'this webhook has no delivery with this id');
    this.#deps.nudge();
    return delivery;
  }
}

/** 32 random bytes, base64url, with a prefix that says what it is (as in logs or a secrets manager). */
function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}
