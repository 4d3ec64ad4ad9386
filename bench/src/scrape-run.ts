/**
 * `npm run bench:scrape --workspace bench -- [connections]`: how long one Prometheus scrape of Parley's registry holds the
 * event loop with that many TCP connections open in the process, beside prom-client's own defaults
 * (docs/operations.md, "Metrics"). Each line: the scrape's wall time and the longest the event loop went without
 * a turn meanwhile.
 */
import net from 'node:net';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { Metrics } from '../../packages/server/dist/observability/metrics.js';

const connections = Number(process.argv[2] ?? 10_000);
const server = net.createServer(() => {});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as net.AddressInfo;
const sockets: net.Socket[] = [];
for (let i = 0; i < connections; i++) {
  sockets.push(net.connect(port, '127.0.0.1'));
  if (i % 500 === 499) await new Promise((resolve) => setTimeout(resolve, 20));
}
await new Promise((resolve) => setTimeout(resolve, 500));

const defaults = new Registry();
collectDefaultMetrics({ register: defaults });
for (const [name, registry] of [['prom-client defaults', defaults], ['Parley', new Metrics().registry]] as const) {
  for (let round = 0; round < 3; round++) {
    let last = performance.now();
    let longest = 0;
    let scraping = true;
    const turn = () => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      if (scraping) setImmediate(turn);
    };
    setImmediate(turn);
    const started = performance.now();
    await registry.metrics();
    const took = performance.now() - started;
    scraping = false;
    longest = Math.max(longest, performance.now() - last);
    process.stdout.write(`${connections} connections · ${name}: scrape ${took.toFixed(1)} ms, event loop held at most ${longest.toFixed(1)} ms\n`);
  }
}
for (const socket of sockets) socket.destroy();
server.close();
