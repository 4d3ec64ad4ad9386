import { describe, expect, it } from 'vitest';
import { decodeAttachments, encodeAttachments } from './message-attachments-column.js';

describe('attachments on a message row', () => {
  it('stores nothing for a message without attachments and derives each url', () => {
    expect(encodeAttachments([])).toBeNull();
    expect(decodeAttachments(null)).toEqual([]);
    const refs = [{ id: 'a1', name: 'x.png', contentType: 'image/png', size: 3 }];
    expect(decodeAttachments(encodeAttachments(refs))).toEqual([{ ...refs[0], url: '/api/attachments/a1' }]);
  });

  it('reads the parsed jsonb PostgreSQL hands back the same as the JSON text', () => {
    const refs = [{ id: 'a1', name: 'x.png', contentType: 'image/png', size: 3 }];
    expect(decodeAttachments(refs)).toEqual(decodeAttachments(encodeAttachments(refs)));
  });
});
