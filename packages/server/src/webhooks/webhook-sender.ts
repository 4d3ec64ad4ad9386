/**
 * One delivery attempt: a signed JSON POST to the endpoint, over node:http(s)
 * with the address guard in the connection's lookup, a deadline for the whole
 * exchange, no redirects followed (a 3xx is a failed attempt: the endpoint's
 * URL is what the admin registered), and only the start of the answer kept.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { WebhookHeaders } from '@parley/protocol';
import { guardedLookup, isPublicAddress } from './address-guard.js';
import { signWebhook } from './webhook-signature.js';
import type { ClaimedDelivery } from './webhook-store.js';

/** How much of an answer's body is kept for the console. */
export const RESPONSE_BODY_MAX = 1024;

export interface AttemptResult {
  ok: boolean;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
}

export interface SenderOptions {
  allowPrivateAddresses: boolean;
  timeoutMs: number;
  now?: () => Date;
}

export type SendWebhook = (delivery: ClaimedDelivery) => Promise<AttemptResult>;

export function createWebhookSender(options: SenderOptions): SendWebhook {
  const lookup = guardedLookup(options.allowPrivateAddresses);
  const now = options.now ?? (() => new Date());
  return (delivery) =>
    new Promise<AttemptResult>((resolve) => {
      const failed = (error: string): void => resolve({ ok: false, responseStatus: null, responseBody: null, error });
      let url: URL;
      try {
        url = new URL(delivery.url);
      } catch {
        return failed('invalid URL');
      }
      const host = url.hostname.replace(/^\[|\]$/g, '');
      // An address literal skips the lookup, so it is checked here.
      if (isIP(host) && !options.allowPrivateAddresses && !isPublicAddress(host)) {
        return failed(`${host} is a private or reserved address`);
      }
      const body = Buffer.from(delivery.payload);
      const request = (url.protocol === 'https:' ? https : http).request(url, {
        method: 'POST',
        lookup,
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          'user-agent': 'Parley-Webhooks/1',
          [WebhookHeaders.signature]: signWebhook(delivery.secret, delivery.payload, now()),
          [WebhookHeaders.eventId]: delivery.eventId,
          [WebhookHeaders.eventType]: delivery.eventType,
          [WebhookHeaders.deliveryId]: delivery.id,
        },
        agent: false,
      });
      const deadline = setTimeout(() => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
      request.on('error', (error) => {
        clearTimeout(deadline);
        failed(error.message);
      });
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on('data', (chunk: Buffer) => {
          if (kept < RESPONSE_BODY_MAX) {
            chunks.push(chunk);
            kept += chunk.length;
          }
        });
        response.on('error', () => {});
        response.on('end', () => {
          clearTimeout(deadline);
          const status = response.statusCode ?? 0;
          const text = Buffer.concat(chunks).subarray(0, RESPONSE_BODY_MAX).toString('utf8');
          resolve({ ok: status >= 200 && status < 300, responseStatus: status, responseBody: text, error: null });
        });
      });
      request.end(body);
    });
}
