import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, inject, input, type OnInit, signal, untracked, viewChild } from '@angular/core';
import { RouterLink } from '@angular/router';
import {
  IonBackButton,
  IonButton,
  IonButtons,
  IonContent,
  IonFooter,
  IonHeader,
  IonSpinner,
  IonText,
  IonTitle,
  IonToolbar,
} from '@ionic/angular';
import type { ConversationHandle } from '@parley/angular';
import { placeTimeline, type ChatMessage } from '@parley/client';
import type { Query, TimelineEvent } from '@parley/protocol';
import { ConnectionBanner } from '../connection/connection-banner';
import { errorText } from '../connection/error-text';
import { RatingCard } from '../rating/rating-card';
import { WidgetBridge } from '../session/widget-bridge';
import { ParleySession } from '../session/parley-session';
import { statusLabel } from '../queries/query-summary';
import { Composer, type OutgoingMessage } from './composer';
import { MessageBubble } from './message-bubble';
import { timelineEventText } from './timeline-event-text';

/** Within this many pixels of the bottom, new messages keep the view pinned to the bottom. */
const PINNED_THRESHOLD_PX = 120;

/** One query's conversation with support: live messages, typing, ticks, attachments, rating. */
@Component({
  selector: 'app-conversation-page',
  imports: [
    RouterLink,
    IonHeader,
    IonToolbar,
    IonTitle,
    IonButtons,
    IonBackButton,
    IonButton,
    IonContent,
    IonFooter,
    IonSpinner,
    IonText,
    ConnectionBanner,
    MessageBubble,
    Composer,
    RatingCard,
  ],
  templateUrl: './conversation-page.html',
  styleUrl: './conversation-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationPage implements OnInit {
  private readonly session = inject(ParleySession);
  private readonly widget = inject(WidgetBridge);
  private readonly destroyRef = inject(DestroyRef);
  private readonly content = viewChild.required(IonContent);

  /** The route's `:id`. */
  readonly id = input.required<string>();

  /** The query's conversation from the session, left when this page goes (its DestroyRef). */
  private readonly conversation = signal<ConversationHandle | null>(null);
  protected readonly state = computed(() => this.conversation()?.state() ?? null);
  /** The query as the rating request returned it, until the live update catches up. */
  private readonly ratedQuery = signal<Query | null>(null);
  /** The join was refused: the query is not this customer's, or does not exist. */
  protected readonly loadError = computed(() => {
    const error = this.state()?.error;
    return error ? errorText({ body: error }) : null;
  });
  protected readonly olderError = signal<string | null>(null);
  private pinnedToBottom = true;
  private lastMarkedSeq = 0;

  protected readonly query = computed(() => newest(this.state()?.query ?? null, this.ratedQuery()));
  protected readonly messages = computed(() => this.conversation()?.messages() ?? []);
  /** The timeline (who joined, resolved, reopened) placed among the messages, as lines of text. */
  protected readonly events = computed(() => {
    const messages = this.messages();
    const me = this.session.user()?.id;
    // While earlier history is not loaded, events older than the first message shown wait for it.
    const floor = this.state()?.hasOlder ? messages[0]?.createdAt : undefined;
    const placed = placeTimeline(messages, this.state()?.timeline ?? [], floor);
    const line = (e: TimelineEvent) => ({ id: e.id, text: timelineEventText(e, me), createdAt: e.createdAt });
    return {
      before: new Map([...placed.before].map(([key, list]) => [key, list.map(line)])),
      trailing: placed.trailing.map(line),
    };
  });
  protected readonly online = computed(() => {
    const status = this.session.status();
    return !(status.state === 'offline' && status.reason === 'browser_offline');
  });
  /** Who is helping: the assigned agent, else the last agent who wrote (an unassigned reply). */
  protected readonly agent = computed(() => {
    const helper = this.query()?.assignee ?? this.messages().findLast((m) => m.author.role !== 'customer')?.author;
    if (!helper) return null;
    return { name: helper.name, presence: this.session.presence()[helper.id] };
  });
  protected readonly typingText = computed(() => {
    const typists = this.state()?.typing ?? [];
    if (typists.length === 0) return '';
    const names = typists.map((user) => user.name);
    return names.length === 1 ? `${names[0]} is typing…` : `${names.join(' and ')} are typing…`;
  });
  protected readonly statusLabel = statusLabel;

  constructor() {
    // New messages: keep the newest in view when the customer was already at the bottom,
    // and tell the agent they were read while the page is visible.
    effect(() => {
      const messages = this.messages();
      untracked(() => {
        const last = messages.at(-1);
        if (last && (this.pinnedToBottom || last.mine)) void this.scrollToBottom();
        this.markRead(messages);
      });
    });
    // The widget's panel opening is the page becoming visible too.
    effect(() => {
      if (this.widget.visible()) untracked(() => this.markRead(this.messages()));
    });
    const onVisible = () => this.markRead(this.messages());
    document.addEventListener('visibilitychange', onVisible);
    this.destroyRef.onDestroy(() => document.removeEventListener('visibilitychange', onVisible));
  }

  ngOnInit(): void {
    // The route's id is bound by now; the handle leaves the room when this page is destroyed.
    this.conversation.set(this.session.conversation(this.id(), this.destroyRef));
  }

  protected sendMessage(outgoing: OutgoingMessage): void {
    const conversation = this.conversation();
    if (!conversation) return;
    const options = outgoing.attachmentIds.length > 0 ? { attachmentIds: outgoing.attachmentIds } : undefined;
    const { done } = conversation.send(outgoing.body, options);
    // A failure is shown on the message itself (with Retry / Discard); nothing else to do here.
    done.catch(() => undefined);
    this.pinnedToBottom = true;
  }

  protected setTyping(typing: boolean): void {
    this.conversation()?.setTyping(typing);
  }

  protected retry(clientId: string): void {
    this.conversation()?.retry(clientId);
  }

  protected discard(clientId: string): void {
    this.conversation()?.discard(clientId);
  }

  protected async loadOlder(): Promise<void> {
    const conversation = this.conversation();
    if (!conversation) return;
    this.olderError.set(null);
    const scroller = await this.content().getScrollElement();
    const fromBottom = scroller.scrollHeight - scroller.scrollTop;
    try {
      await conversation.loadOlder();
      // Keep the message the customer was looking at in place while older ones appear above it.
      requestAnimationFrame(() => (scroller.scrollTop = scroller.scrollHeight - fromBottom));
    } catch (error) {
      this.olderError.set(errorText(error, 'Earlier messages could not be loaded. Try again.'));
    }
  }

  protected async trackScroll(): Promise<void> {
    const scroller = await this.content().getScrollElement();
    this.pinnedToBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < PINNED_THRESHOLD_PX;
  }

  /**
   * A picture (or the rating card's content) finished loading after the scroll to the bottom ran: a customer
   * who was at the bottom is brought back there, so the newest message and the rating card are not cut off
   * (issue 11). Load events do not bubble: caught in the capture phase.
   */
  protected contentLoaded(): void {
    if (this.pinnedToBottom) void this.content().scrollToBottom(0);
  }

  protected rated(query: Query): void {
    this.ratedQuery.set(query);
  }

  /** Shows the author's name on the first of a run of messages by the same person. */
  protected startsRun(messages: readonly ChatMessage[], index: number): boolean {
    return index === 0 || messages[index - 1]?.author.id !== messages[index]?.author.id;
  }

  private async scrollToBottom(): Promise<void> {
    // Let the new bubble render first.
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await this.content().scrollToBottom(150);
  }

  private markRead(messages: readonly ChatMessage[]): void {
    const conversation = untracked(this.conversation);
    if (!conversation || document.visibilityState !== 'visible' || !untracked(this.widget.visible)) return;
    let latest = 0;
    for (const message of messages) if (message.seq !== null && message.seq > latest) latest = message.seq;
    // A shorter list than what was marked: the server's history was reset (the SDK dropped it and joined again),
    // and the seqs it hands out from here are new messages to mark.
    if (latest < this.lastMarkedSeq) this.lastMarkedSeq = latest;
    if (latest > this.lastMarkedSeq) {
      this.lastMarkedSeq = latest;
      conversation.markRead(latest);
    }
  }
}

/** The more recent of two versions of the same query. */
function newest(a: Query | null, b: Query | null): Query | null {
  if (!a || !b) return a ?? b;
  return b.updatedAt > a.updatedAt ? b : a;
}
