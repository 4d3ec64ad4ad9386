/**
 * Emails customers: about replies they have not read, and the whole
 * conversation when a query they asked a transcript for is resolved.
 *
 * Replies: every `sweepMs` one node of the cluster (store.jobs) lists the queries whose customer has an email
 * address and agents' replies they have neither read nor been emailed about (a team's automatic reply is not
 * one: it alone sends nothing),
 * quiet for `delaySeconds` (so a burst of replies is one email, and a customer
 * who comes back and reads them in the meantime gets none), and sends one
 * email per query with every unread reply.
 *
 * "Has not read" is the customer's read cursor, which the customer app moves
 * as the conversation is on screen: it holds across nodes and restarts, where
 * presence would not say whether the reply was seen. Each query's emailed-up-to
 * seq is moved with a compare-and-set *before* sending, so two nodes never
 * send the same email; a failed send sets it back and the next sweep tries
 * again. A node that dies between the two loses that one email — chosen over
 * sending it twice.
 *
 * Transcripts: in the same sweep, resolved queries whose customer asked for one
 * (when opening the query) and has an address get every public message, once
 * per resolution — reopened and resolved again with new messages, a new one.
 * Same compare-and-set on `transcript_sent_seq`.
 */
import type { Logger } from 'pino';
import type { EmailConfig } from '../config/config.js';
import type { Store } from '../store/store.js';
import type { Mailer } from './mailer.js';
import { replyEmail } from './reply-email.js';
import { transcriptEmail } from './transcript-email.js';

/** Queries handled per sweep at most; the rest wait for the next one. */
const SWEEP_LIMIT = 100;

export interface CustomerEmailsDeps {
  store: Pick<Store, 'notices' | 'listMessages' | 'jobs'>;
  mailer: Mailer;
  config: EmailConfig & { publicUrl: string };
  log: Logger;
  now?: () => Date;
}

export class CustomerEmails {
  readonly #deps: CustomerEmailsDeps;
  readonly #now: () => Date;
  #timer: NodeJS.Timeout | undefined;
  #sweeping: Promise<number> | null = null;

  constructor(deps: CustomerEmailsDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? (() => new Date());
  }

  start(): void {
    this.#timer = setInterval(() => void this.#tick(), this.#deps.config.sweepMs);
    this.#timer.unref();
  }

  /** Stops sweeping and waits for a sweep in progress. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#sweeping?.catch(() => 0);
    this.#deps.mailer.close();
  }

  async #tick(): Promise<void> {
    if (this.#sweeping) return;
    try {
      if (!(await this.#deps.store.jobs.claim('email.replies', this.#deps.config.sweepMs))) return;
      this.#sweeping = this.sweep().then(async (replies) => replies + (await this.sweepTranscripts()));
      await this.#sweeping;
    } catch (error) {
      this.#deps.log.warn({ err: error }, 'customer emails: sweep failed; trying again at the next one');
    } finally {
      this.#sweeping = null;
    }
  }

  /** One sweep (tests call it directly): returns the emails sent. */
  async sweep(): Promise<number> {
    const { store, config, mailer, log } = this.#deps;
    const quietSince = new Date(this.#now().getTime() - config.delaySeconds * 1000).toISOString();
    let sent = 0;
    for (const due of await store.notices.listUnreadReplies(quietSince, SWEEP_LIMIT)) {
      if (!(await store.notices.setEmailNotifiedSeq(due.queryId, due.notifiedSeq, due.lastSeq))) continue;
      const after = Math.max(due.customerReadSeq, due.notifiedSeq);
      try {
        const messages = await store.listMessages(due.queryId, { internal: false, after, limit: 50 });
        // People's replies only: a team's automatic reply (role `system`) is not worth an email of its own, and
        // would let anyone who types someone else's address into the widget have the company mail them.
        const replies = messages.filter((m) => (m.author.role === 'agent' || m.author.role === 'admin') && m.seq <= due.lastSeq);
        if (replies.length === 0) continue;
        const link = `${config.publicUrl}/queries/${encodeURIComponent(due.queryId)}`;
        await mailer.send(
          { name: due.customerName, address: due.customerEmail },
          replyEmail({ customerName: due.customerName, subject: due.subject, replies, link }),
        );
        sent += 1;
      } catch (error) {
        // Set back, unless something moved it meanwhile: the next sweep tries again.
        await store.notices.setEmailNotifiedSeq(due.queryId, due.lastSeq, due.notifiedSeq).catch(() => false);
        log.warn({ err: error, queryId: due.queryId }, 'reply email not sent; will try again');
      }
    }
    if (sent > 0) log.info({ sent }, 'reply emails sent');
    return sent;
  }

  /** One sweep of due transcripts (tests call it directly): returns the emails sent. */
  async sweepTranscripts(): Promise<number> {
    const { store, config, mailer, log } = this.#deps;
    let sent = 0;
    for (const due of await store.notices.listTranscriptsDue(SWEEP_LIMIT)) {
      if (!(await store.notices.setTranscriptSentSeq(due.queryId, due.sentSeq, due.lastSeq))) continue;
      try {
        const messages = [];
        for (let after = 0; ; ) {
          const page = await store.listMessages(due.queryId, { internal: false, after, limit: 500 });
          messages.push(...page.filter((m) => m.seq <= due.lastSeq));
          if (page.length < 500 || page.at(-1)!.seq >= due.lastSeq) break;
          after = page.at(-1)!.seq;
        }
        const link = `${config.publicUrl}/queries/${encodeURIComponent(due.queryId)}`;
        await mailer.send(
          { name: due.customerName, address: due.customerEmail },
          transcriptEmail({ customerName: due.customerName, subject: due.subject, messages, link }),
        );
        sent += 1;
      } catch (error) {
        await store.notices.setTranscriptSentSeq(due.queryId, due.lastSeq, due.sentSeq).catch(() => false);
        log.warn({ err: error, queryId: due.queryId }, 'transcript email not sent; will try again');
      }
    }
    if (sent > 0) log.info({ sent }, 'transcript emails sent');
    return sent;
  }
}
