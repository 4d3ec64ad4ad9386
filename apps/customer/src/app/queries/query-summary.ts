import type { Query, QueryStatus } from '@parley/protocol';

/**
 * Messages the customer has not read yet. The server moves the sender's own
 * read cursor with each message they send, so lastSeq − customerReadSeq counts
 * only what the other side wrote since the customer last looked. `readHere` is
 * what this device has read since the list was loaded.
 */
export function unreadCount(query: Query, readHere = 0): number {
  return Math.max(0, query.lastSeq - Math.max(query.customerReadSeq, readHere));
}

/** Words for a status, from the customer's point of view. */
export function statusLabel(status: QueryStatus): string {
  switch (status) {
    case 'open':
      return 'Open';
    case 'pending':
      return 'Waiting for you';
    case 'resolved':
      return 'Resolved';
  }
}

/** Ionic colour of a status badge. */
export function statusColor(status: QueryStatus): string {
  switch (status) {
    case 'open':
      return 'primary';
    case 'pending':
      return 'warning';
    case 'resolved':
      return 'success';
  }
}

/** The last message as a list shows it: "You: …" for the customer's own. */
export function previewText(query: Query, myId: string | undefined): string {
  const last = query.lastMessage;
  if (!last) return 'No messages yet';
  const who = last.author.id === myId ? 'You' : last.author.name;
  return `${who}: ${last.body}`;
}

/** A short, locale-aware time: "14:05" today, else "12 Mar". */
export function shortTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  const sameDay = date.toDateString() === now.toDateString();
  return sameDay
    ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}
