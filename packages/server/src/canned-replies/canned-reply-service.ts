import { randomUUID } from 'node:crypto';
import type { CannedReply, CannedReplyRequest, UpdateCannedReplyRequest } from '@parley/protocol';
import { AppError } from '../errors/app-error.js';
import type { CannedReplyStore } from './canned-reply-store.js';

const notFound = () => new AppError('not_found', 'no canned reply with this id');

/**
 * The team's canned replies: agents read them (the console's `/` search), admins manage
 * them. Inputs arrive parsed by the protocol's zod schemas (trimmed, shortcut format checked).
 */
export class CannedReplyService {
  constructor(
    private readonly store: CannedReplyStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): Promise<CannedReply[]> {
    return this.store.list();
  }

  create(input: CannedReplyRequest): Promise<CannedReply> {
    return this.store.create({ id: randomUUID(), ...input, createdAt: this.now().toISOString() });
  }

  async update(id: string, patch: UpdateCannedReplyRequest): Promise<CannedReply> {
    const updated = await this.store.update(id, patch, this.now().toISOString());
    if (!updated) throw notFound();
    return updated;
  }

  async delete(id: string): Promise<void> {
    if (!(await this.store.delete(id))) throw notFound();
  }
}
