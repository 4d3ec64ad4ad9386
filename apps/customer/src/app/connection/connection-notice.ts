import type { ConnectionStatus } from '@parley/client';

/** What the connection banner says, derived from the SDK's status; null shows nothing. */
export interface ConnectionNotice {
  kind: 'offline' | 'unreachable' | 'signed-out' | 'sending';
  title: string;
  /** What the customer can do about it. */
  advice: string;
  /** A ticking "Trying again in 5 s." shown beside the notice but never announced (it changes every second). */
  countdown?: string;
  /** `signed-out` offers to start again. */
  action?: 'start-again';
}

/**
 * Words for every connection state, each saying what happens to the customer's
 * messages and what they can do. `now` is passed in so the retry countdown is testable.
 */
export function describeConnection(status: ConnectionStatus, pending: number, now: number): ConnectionNotice | null {
  const waiting = pending === 1 ? '1 message is waiting' : `${pending} messages are waiting`;
  switch (status.state) {
    case 'offline':
      if (status.reason === 'browser_offline') {
        return {
          kind: 'offline',
          title: 'You are offline.',
          advice: pending > 0
            ? `${waiting} and will be sent as soon as you are back online. You can keep writing.`
            : 'You can keep writing: messages are sent as soon as you are back online.',
        };
      }
      if (status.reason === 'auth_failed') {
        return {
          kind: 'signed-out',
          title: 'Your session has ended.',
          advice: 'Start again to keep chatting with support.',
          action: 'start-again',
        };
      }
      return null;
    case 'reconnecting': {
      const seconds = Math.max(0, Math.ceil((status.nextRetryAt - now) / 1000));
      return {
        kind: 'unreachable',
        title: 'Cannot reach the support server.',
        advice: `${pending > 0 ? `${waiting} and will be sent automatically.` : 'Nothing you write is lost.'} Check your connection if this lasts.`,
        countdown: seconds > 0 ? `Trying again in ${seconds} s.` : 'Trying again now.',
      };
    }
    case 'online':
      return pending > 0 ? { kind: 'sending', title: 'Sending…', advice: `${waiting} to be sent.` } : null;
    case 'connecting':
      return null;
  }
}
