import type { ChatMessage } from '@parley/client';

/** Icon and words for the delivery state of one of the customer's own messages. */
export function deliveryLabel(message: Pick<ChatMessage, 'delivery'>, online: boolean): { icon: string; label: string } {
  switch (message.delivery) {
    case 'pending':
      return { icon: 'time-outline', label: online ? 'Sending' : 'Waiting to send — will go out when you are back online' };
    case 'sent':
      return { icon: 'checkmark', label: 'Delivered' };
    case 'read':
      return { icon: 'checkmark-done', label: 'Read' };
    case 'failed':
      return { icon: 'alert-circle-outline', label: 'Not sent' };
  }
}
