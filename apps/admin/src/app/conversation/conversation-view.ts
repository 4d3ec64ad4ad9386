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
import type { Conversation, ConversationState } from '@parley/client';
import type { ErrorBody } from '@parley/protocol';
import { CannedRepliesStore } from '../canned-replies/canned-replies-store';
import { describeError } from '../realtime/describe-error';
import { RealtimeService } from '../realtime/realtime';
import { Composer, type ComposerMessage } from './composer';
import { MessageList } from './message-list';
import { QueryActions } from './query-actions';
import { mergeTimeline } from './timeline';

/**
 * One open query: header with the actions, the timeline, the composer. Joins the query's
 * room through the SDK for as long as it is shown (the SDK resumes after reconnects with
 * `afterSeq`, so the timeline has no gap and no duplicate) and marks what the agent sees as read.
 */
@Component({
  selector: 'pa-conversation-view',
  imports: [Composer, MessageList, QueryActions],
  templateUrl: './conversation-view.html',
  styleUrl: './conversation-view.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationView {
  /** Bound from the route (`queries/:queryId`). */
  readonly queryId = input.required<string>();

  private readonly realtime = inject(RealtimeService);
  protected readonly canned = inject(CannedRepliesStore);
  private conversation: Conversation | null = null;
  private readonly visible = signal(isVisible());
  private markedSeq = 0;

  protected readonly state = signal<ConversationState | null>(null);
  /** From the conversation once joined, from the live queue before (instant header). */
  protected readonly query = computed(
    () => this.state()?.query ?? this.realtime.queue().items.find((q) => q.id === this.queryId()) ?? null,
  );
  protected readonly timeline = computed(() => {
    const state = this.state();
    return state ? mergeTimeline(state.messages, state.notes) : [];
  });

  constructor() {
    effect((onCleanup) => {
      const queryId = this.queryId();
      untracked(() => this.open(queryId));
      onCleanup(() => this.close());
    });

    // Reading is seeing: mark the latest public message read while the tab is visible.
    effect(() => {
      const state = this.state();
      if (!state || !state.joined || !this.visible()) return;
      const latest = lastStoredSeq(state);
      if (latest > this.markedSeq && latest > state.agentReadSeq) {
        this.markedSeq = latest;
        const conversation = this.conversation;
        if (conversation) untracked(() => conversation.markRead(latest));
      }
    });

    const onVisibility = () => this.visible.set(isVisible());
    document.addEventListener('visibilitychange', onVisibility);
    inject(DestroyRef).onDestroy(() => document.removeEventListener('visibilitychange', onVisibility));

    void this.canned.load().catch(() => {
      // Without canned replies the composer still works; `/` just finds nothing.
    });
  }

  protected refusal(error: ErrorBody): string {
    return describeError(error, 'This query cannot be opened.');
  }

  protected sendMessage(message: ComposerMessage): void {
    const conversation = this.conversation;
    if (!conversation) return;
    const { done } = conversation.send(message.body, { internal: message.internal });
    // A failure is shown on the message itself (failed, with Retry); nothing else to do here.
    done.catch(() => undefined);
  }

  protected setTyping(typing: boolean): void {
    this.conversation?.setTyping(typing);
  }

  protected loadOlder(): void {
    void this.conversation?.loadOlder().catch(() => undefined);
  }

  protected retry(clientId: string): void {
    this.conversation?.retry(clientId);
  }

  protected discard(clientId: string): void {
    this.conversation?.discard(clientId);
  }

  private open(queryId: string): void {
    const conversation = this.realtime.conversation(queryId);
    this.conversation = conversation;
    this.markedSeq = 0;
    this.state.set(conversation.state.getSnapshot());
    const unsubscribe = conversation.state.subscribe((state) => this.state.set(state));
    this.closeCurrent = () => {
      unsubscribe();
      conversation.setTyping(false);
      conversation.leave();
    };
  }

  private closeCurrent: (() => void) | null = null;

  private close(): void {
    this.closeCurrent?.();
    this.closeCurrent = null;
    this.conversation = null;
    this.state.set(null);
  }
}

function lastStoredSeq(state: ConversationState): number {
  for (let i = state.messages.length - 1; i >= 0; i--) {
    const seq = state.messages[i]?.seq;
    if (seq != null) return seq;
  }
  return 0;
}

function isVisible(): boolean {
  return typeof document === 'undefined' || document.visibilityState !== 'hidden';
}
