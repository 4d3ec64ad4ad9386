import { describe, expect, it } from 'vitest';
import { cleanFileName, contentDisposition } from './attachment-rules.js';

describe('attachment names', () => {
  it('keeps only the base name, without control characters or quotes', () => {
    expect(cleanFileName('C:\\Users\\ada\\receipt.pdf')).toBe('receipt.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('bad\u0000"name\r\n.png')).toBe('badname.png');
    expect(cleanFileName('x'.repeat(300))).toHaveLength(200);
  });

  it('gives the name the extension of the sniffed type, keeping an equivalent one', () => {
    expect(cleanFileName('evil.html', 'image/png')).toBe('evil.png');
    expect(cleanFileName('evil.html .', 'image/png')).toBe('evil.html.png');
    expect(cleanFileName('holiday.JPEG', 'image/jpeg')).toBe('holiday.JPEG');
    expect(cleanFileName('scan', 'application/pdf')).toBe('scan.pdf');
    expect(cleanFileName('', 'application/pdf')).toBe('file.pdf');
  });

  it('strips invisible formatting characters such as right-to-left overrides', () => {
    expect(cleanFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(cleanFileName('a\u200Bb\u2066c.png', 'image/png')).toBe('abc.png');
  });

  it('falls back to "file" when nothing usable is left', () => {
    for (const raw of [undefined, '', '   ', '..', 'dir/']) expect(cleanFileName(raw)).toBe('file');
  });

  it('always offers a download, with an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('Zoë (1).pdf')).toBe(`attachment; filename="Zo_ (1).pdf"; filename*=UTF-8''Zo%C3%AB%20%281%29.pdf`);
  });
});
