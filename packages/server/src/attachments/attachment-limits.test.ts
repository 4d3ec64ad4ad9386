import type { Query, UserRef } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import type { QueryService } from '../queries/query-service.js';
import { CUSTOMER_UPLOADS_PER_HOUR_PER_ADDRESS } from './attachment-rules.js';
import { AttachmentService } from './attachment-service.js';
import type { AttachmentStore } from './attachment-store.js';

const queries = { access: async () => ({ id: 'q1' }) as Query } as unknown as QueryService;
const emptyStore = { bytesForQuery: async () => 0 } as unknown as AttachmentStore;
const visitor = (n: number): UserRef => ({ id: `visitor-${n}`, role: 'customer', name: `Visitor ${n}` });

describe('upload limits per client address', () => {
  it("refuses the customers of one address past the hour's uploads together, whatever their number, and not staff", async () => {
    const service = new AttachmentService(emptyStore, queries);
    // One upload each from as many new visitors as the limit allows: each is far within its own per-user limit.
    for (let n = 0; n < CUSTOMER_UPLOADS_PER_HOUR_PER_ADDRESS; n++) await service.authorize(visitor(n), 'q1', '203.0.113.7');
    await expect(service.authorize(visitor(-1), 'q1', '203.0.113.7')).rejects.toMatchObject({ code: 'rate_limited' });
    // Another address is not affected, nor an agent behind the same one (a support office shares its address).
    await expect(service.authorize(visitor(-2), 'q1', '198.51.100.9')).resolves.toBeUndefined();
    await expect(service.authorize({ id: 'agent-1', role: 'agent', name: 'Bo' }, 'q1', '203.0.113.7')).resolves.toBeUndefined();
  });
});
