import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installShutdownGate } from './shutdown-gate.js';

describe('shutdown gate', () => {
  it('refuses API work with unavailable once closing, but lets the probes answer for themselves', async () => {
    let closing = false;
    const app = Fastify();
    installShutdownGate(app, () => closing);
    app.get('/readyz', async (_req, reply) => reply.status(closing ? 503 : 200).send({ status: closing ? 'unavailable' : 'ok' }));
    app.get('/metrics', async () => 'parley_up 1');
    app.get('/api/queries', async () => ({ queries: [] }));
    expect((await app.inject('/api/queries')).statusCode).toBe(200);
    closing = true;
    const api = await app.inject('/api/queries');
    expect([api.statusCode, api.json().error.code]).toEqual([503, 'unavailable']);
    const ready = await app.inject('/readyz?probe=1');
    expect([ready.statusCode, ready.json()]).toEqual([503, { status: 'unavailable' }]);
    expect((await app.inject('/metrics')).body).toBe('parley_up 1');
    await app.close();
  });
});
