/**
 * A team's automatic reply: a query opened outside the team's business hours gets the team's message once
 * (its clientId is the query's id, so no retry, restart or second node sends it twice), authored by the team
 * with role `system` — it tells the customer when to expect an answer without counting as one.
 */
import type { Query, UserRef } from '@parley/protocol';
import type { Logger } from 'pino';
import type { DomainEvents } from '../domain/domain-events.js';
import type { MessageService } from '../messages/message-service.js';
import type { Store } from '../store/store.js';
import { isOpen } from './business-hours.js';

export class AutoReply {
  constructor(
    private readonly store: Pick<Store, 'listTeams'>,
    private readonly messages: Pick<MessageService, 'postSystem'>,
    private readonly events: DomainEvents,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  start(): void {
    this.events.on('query:created', this.#onCreated);
  }

  stop(): void {
    this.events.off('query:created', this.#onCreated);
  }

  /** Sends the reply if the query's team is closed now and has one; resolves when done (tests). */
  async handle(query: Query, now = Date.now()): Promise<boolean> {
    if (!query.team) return false;
    const team = (await this.store.listTeams()).find((t) => t.id === query.team!.id);
    if (!team?.autoReply || isOpen(team.hours, now)) return false;
    const author: UserRef = { id: team.id, role: 'system', name: team.name };
    const { duplicate } = await this.messages.postSystem(query.id, author, team.autoReply, query.id);
    return !duplicate;
  }

  readonly #onCreated = ({ query }: { query: Query }): void => {
    this.handle(query).catch((error: unknown) => this.log.warn({ err: error, queryId: query.id }, 'could not send the automatic reply'));
  };
}
