import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import type { ConversationHandle } from '@parley/angular';
import type { ChatMessage } from '@parley/client';
import { CannedRepliesStore } from '../canned-replies/canned-replies-store';
import { CustomerPanel } from '../customers/customer-panel';
import { describeError } from '../realtime/describe-error';
import { RealtimeService } from '../realtime/realtime';
import { Composer, type ComposerMessage } from './composer';
import { MessageList } from './message-list';
import { QueryActions } from './query-actions';
import { mergeTimeline } from './timeline';

/**
 * One open query: header with the actions, the timeline, the composer. Holds the query's
 * conversation handle from {@link RealtimeService} for as long as it is shown (the SDK resumes
 * after reconnects with `afterSeq`, so the timeline has no gap and no duplicate) and marks read
 * what the agent has actually seen: the message list reports the latest message on screen at
 * its bottom, and that counts only while the tab is visible and the room joined.
 */
@Component({
  selector: 'pa-conversation-view',
  imports: [Composer, CustomerPanel, MessageList, QueryActions],
  templateUrl: './conversation-view.html',
  styleUrl: './conversation-view.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationView {
  /** Bound from the route (`queries/:queryId`). */
  readonly queryId = input.required<string>();
  /** From the URL (`?seq=` or `?note=`, a search result): the message to open at. */
  readonly seq = input<string | undefined>(undefined);
  readonly note = input<string | undefined>(undefined);
  protected readonly focus = computed(() => {
    const note = Number(this.note());
    const seq = Number(this.seq());
    if (Number.isSafeInteger(note) && note > 0) return { seq: note, internal: true };
    if (Number.isSafeInteger(seq) && seq > 0) return { seq, internal: false };
    return null;
  });

  protected readonly realtime = inject(RealtimeService);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly canned = inject(CannedRepliesStore);
  /** The routed query's conversation; replaced (the previous one released) when the route's id changes. */
  private readonly conversation = signal<ConversationHandle | null>(null);
  private readonly visible = signal(isVisible());
  /** The latest public seq the message list had on screen at its bottom. */
  private readonly seenSeq = signal(0);
  private markedSeq = 0;

  protected readonly state = computed(() => this.conversation()?.state() ?? null);
  /** From the conversation once joined, from the live queue before (instant header). */
  protected readonly query = computed(
    () => this.state()?.query ?? this.realtime.queue().items.find((q) => q.id === this.queryId()) ?? null,
  );
  /*
   * The handle keeps each stream in its own computed: an unchanged reference (only typing or
   * read cursors changed) stops there and the timeline is not rebuilt.
   */
  private readonly messages = computed(() => this.conversation()?.messages() ?? NONE);
  private readonly notes = computed(() => this.conversation()?.notes() ?? NONE);
  protected readonly timeline = computed(() => mergeTimeline(this.messages(), this.notes()));
  /** The assignee's presence (online / away / offline), so a colleague can see whether anyone is on it. */
  protected readonly assigneePresence = computed(() => {
    const assignee = this.query()?.assignee;
    return assignee ? (this.realtime.presence()[assignee.id] ?? 'offline') : null;
  });
  protected readonly customerId = computed(() => this.query()?.customer.id ?? null);
  /** Who the customer is (the email they left, visitor or identified): the card the customer panel loads. */
  protected readonly customer = computed(() => {
    const id = this.customerId();
    return id ? (this.realtime.customers()[id]?.customer ?? null) : null;
  });
  /** The customer panel beside the conversation: shown by default where there is room for it. */
  protected readonly panelOpen = signal(isWide());
  protected readonly customerLoadFailed = signal(false);

  /** Why the server refused to open this query, in words for the agent. */
  protected readonly refusal = computed(() => {
    const error = this.state()?.error;
    return error ? describeError(error, 'This query cannot be opened.') : null;
  });

  constructor() {
    // The customer's card (header and panel), once per customer shown; the SDK keeps it live after that.
    effect(() => {
      const id = this.customerId();
      untracked(() => {
        this.customerLoadFailed.set(false);
        if (!id) return;
        this.realtime.api.loadCustomer(id).catch(() => {
          // The header keeps the name from the query; the panel says it could not load the rest.
          if (this.customerId() === id) this.customerLoadFailed.set(true);
        });
      });
    });

    effect((onCleanup) => {
      const queryId = this.queryId();
      const conversation = untracked(() => this.open(queryId));
      onCleanup(() => {
        // Colleagues should not see "typing…" linger from a query the agent has left.
        conversation.setTyping(false);
        conversation.release();
      });
    });

    // Reading is seeing: what the list showed at its bottom, while the tab is visible and joined.
    effect(() => {
      const state = this.state();
      const seen = this.seenSeq();
      if (!state || !state.joined || !this.visible()) return;
      // The list ends below what was seen: the server's history was reset (the SDK dropped it and joined again),
      // and the seqs it hands out from here are new messages to mark.
      const last = state.messages.reduce((max, m) => (m.seq !== null && m.seq > max ? m.seq : max), 0);
      if (seen > last) {
        this.markedSeq = Math.min(this.markedSeq, last);
        untracked(() => this.seenSeq.set(last));
        return;
      }
      if (seen > this.markedSeq && seen > state.agentReadSeq) {
        this.markedSeq = seen;
        const conversation = untracked(this.conversation);
        if (conversation) untracked(() => conversation.markRead(seen));
      }
    });

    const onVisibility = () => this.visible.set(isVisible());
    document.addEventListener('visibilitychange', onVisibility);
    inject(DestroyRef).onDestroy(() => document.removeEventListener('visibilitychange', onVisibility));

    void this.canned.load().catch(() => {
      // Without canned replies the composer still works; `/` just finds nothing.
    });
  }

  protected noteSeen(seq: number): void {
    this.seenSeq.update((current) => Math.max(current, seq));
  }

  protected sendMessage(message: ComposerMessage): void {
    const conversation = this.conversation();
    if (!conversation) return;
    const { done } = conversation.send(message.body, { internal: message.internal, attachmentIds: message.attachmentIds });
    // A failure is shown on the message itself (failed, with Retry); nothing else to do here.
    done.catch(() => undefined);
  }

  protected setTyping(typing: boolean): void {
    this.conversation()?.setTyping(typing);
  }

  protected loadOlder(): void {
    void this.conversation()?.loadOlder().catch(() => undefined);
  }

  protected retry(clientId: string): void {
    this.conversation()?.retry(clientId);
  }

  protected discard(clientId: string): void {
    this.conversation()?.discard(clientId);
  }

  private open(queryId: string): ConversationHandle {
    // Released by the effect's cleanup on the next id, or with this view at the latest.
    const conversation = this.realtime.conversation(queryId, this.destroyRef);
    this.markedSeq = 0;
    this.seenSeq.set(0);
    this.conversation.set(conversation);
    return conversation;
  }
}

const NONE: readonly ChatMessage[] = [];

function isWide(): boolean {
  return typeof matchMedia !== 'function' || matchMedia('(min-width: 1100px)').matches;
}

function isVisible(): boolean {
  return typeof document === 'undefined' || document.visibilityState !== 'hidden';
}
