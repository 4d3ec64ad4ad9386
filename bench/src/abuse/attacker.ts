/**
 * The attacker process (started by attacker-process.ts with fork): runs one
 * flood on order and reports it. Orders and answers are the IPC messages
 * typed in attacker-process.ts; the process exits when its parent
 * disconnects.
 */
import type { AttackerAnswer, AttackerOrder } from './attacker-process.ts';
import { FastSocketFlood } from './fast-socket.ts';
import type { Flood, FloodPlan } from './flood.ts';
import { IdleConnectionsFlood } from './idle-connections.ts';
import { ManySocketsFlood } from './many-sockets.ts';
import { QueryFlood } from './query-flood.ts';

function floodFor(plan: FloodPlan): Flood {
  switch (plan.flood) {
    case 'fast-socket':
      return new FastSocketFlood(plan);
    case 'many-sockets':
      return new ManySocketsFlood(plan);
    case 'query-flood':
      return new QueryFlood(plan);
    case 'idle-connections':
      return new IdleConnectionsFlood(plan);
  }
}

function answer(message: AttackerAnswer): void {
  process.send!(message);
}

let flood: Flood | undefined;

async function obey(order: AttackerOrder): Promise<AttackerAnswer> {
  switch (order.kind) {
    case 'prepare':
      flood = floodFor(order.plan);
      await flood.prepare();
      return { kind: 'ready' };
    case 'start':
      if (!flood) throw new Error('start before prepare');
      flood.start();
      return { kind: 'started' };
    case 'stop':
      if (!flood) throw new Error('stop before prepare');
      return { kind: 'report', report: await flood.stop() };
  }
}

if (!process.send) throw new Error('attacker.ts runs as a child of the abuse scenario (attacker-process.ts)');
process.on('message', (order: AttackerOrder) => {
  obey(order).then(answer, (error: unknown) => answer({ kind: 'failed', message: error instanceof Error ? error.stack ?? error.message : String(error) }));
});
process.on('disconnect', () => process.exit(0));
