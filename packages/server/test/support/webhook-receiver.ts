/**
 * A webhook receiver for tests: a real HTTP server on 127.0.0.1 that records
 * every delivery (headers and raw body) and answers what `respond` decides —
 * a status, or `hold` to keep the request open until released.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookEventBody } from '@parley/protocol';

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  raw: string;
  body: WebhookEventBody;
  at: number;
}

export type Respond = (delivery: ReceivedDelivery, index: number) => number | 'hold';

export interface WebhookReceiver {
  url: string;
  port: number;
  received: ReceivedDelivery[];
  /** Requests held open (`hold`), answered 200 on release. */
  held: number;
  release(): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(respond: Respond = () => 200, port = 0): Promise<WebhookReceiver> {
  const received: ReceivedDelivery[] = [];
  const held: Array<() => void> = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const delivery: ReceivedDelivery = { headers: request.headers, raw, body: JSON.parse(raw) as WebhookEventBody, at: Date.now() };
      const answer = respond(delivery, received.length);
      received.push(delivery);
      if (answer === 'hold') {
        held.push(() => response.writeHead(200).end('late'));
        return;
      }
      response.writeHead(answer, { 'content-type': 'text/plain' }).end(answer >= 300 ? `nope ${answer}` : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/hooks/parley`,
    port: actual,
    received,
    get held() {
      return held.length;
    },
    release: () => {
      for (const answer of held.splice(0)) answer();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const answer of held.splice(0)) answer();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
