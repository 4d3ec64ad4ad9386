import { TestBed } from '@angular/core/testing';
import type { Attachment } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeCustomerClient, provideFakeCustomerClient, startSession } from '../testing/fake-customer-client';
import { AttachmentView } from './attachment-view';
import { downloadName } from '@parley/angular';

const picture: Attachment = { id: 'a1', name: 'label.png', contentType: 'image/png', size: 2048, url: '/api/attachments/a1' };

/** IntersectionObserver the test triggers by hand. */
class ManualObserver {
  static all: ManualObserver[] = [];
  constructor(private readonly callback: (entries: Array<{ isIntersecting: boolean }>) => void) {
    ManualObserver.all.push(this);
  }
  observe(): void {}
  disconnect(): void {}
  show(): void {
    this.callback([{ isIntersecting: true }]);
  }
}

async function render(fetchAttachment: (attachment: { url: string }) => Promise<Blob>) {
  const client = new FakeCustomerClient();
  client.fetchAttachment.mockImplementation(fetchAttachment);
  TestBed.configureTestingModule({ providers: [provideFakeCustomerClient(client)] });
  await startSession(client);
  const fixture = TestBed.createComponent(AttachmentView);
  fixture.componentRef.setInput('attachment', picture);
  await fixture.whenStable();
  const el = fixture.nativeElement as HTMLElement;
  return { fixture, el, settle: async () => (await new Promise((r) => setTimeout(r)), await fixture.whenStable()) };
}

describe('AttachmentView', () => {
  let created: string[];
  let revoked: string[];
  beforeEach(() => {
    ManualObserver.all = [];
    vi.stubGlobal('IntersectionObserver', ManualObserver);
    created = [];
    revoked = [];
    let n = 0;
    URL.createObjectURL = () => {
      const url = `blob:${++n}`;
      created.push(url);
      return url;
    };
    URL.revokeObjectURL = (url: string) => void revoked.push(url);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    TestBed.resetTestingModule();
    localStorage.clear();
  });

  it('fetches a picture only once it comes near the screen', async () => {
    const fetchAttachment = vi.fn(async () => new Blob(['x']));
    const { el, settle } = await render(fetchAttachment);
    expect(fetchAttachment).not.toHaveBeenCalled();
    ManualObserver.all[0]!.show();
    await settle();
    expect(fetchAttachment).toHaveBeenCalledTimes(1);
    expect(el.querySelector('img')?.getAttribute('src')).toBe('blob:1');
  });

  it('retries the thumbnail (not a download) when the customer taps an unavailable picture', async () => {
    const fetchAttachment = vi.fn<(a: { url: string }) => Promise<Blob>>().mockRejectedValueOnce(new Error('offline')).mockResolvedValue(new Blob(['x']));
    const { el, settle } = await render(fetchAttachment);
    ManualObserver.all[0]!.show();
    await settle();
    const retry = el.querySelector<HTMLButtonElement>('[data-testid="attachment-retry"]');
    expect(retry?.textContent).toContain('Picture unavailable, tap to retry');
    const clicks = vi.spyOn(HTMLAnchorElement.prototype, 'click');
    retry!.click();
    await settle();
    expect(clicks).not.toHaveBeenCalled();
    expect(fetchAttachment).toHaveBeenCalledTimes(2);
    expect(el.querySelector('img')).not.toBeNull();
  });

  it('revokes its object URL when destroyed, and one that arrives after', async () => {
    let finish!: (blob: Blob) => void;
    const fetchAttachment = vi.fn(() => new Promise<Blob>((resolve) => (finish = resolve)));
    const first = await render(async () => new Blob(['x']));
    ManualObserver.all[0]!.show();
    await first.settle();
    first.fixture.destroy();
    expect(revoked).toEqual(['blob:1']);
    TestBed.resetTestingModule();

    const late = await render(fetchAttachment);
    ManualObserver.all.at(-1)!.show();
    await late.settle();
    late.fixture.destroy();
    finish(new Blob(['y']));
    await new Promise((r) => setTimeout(r));
    // Never shown, so never created: nothing left to leak.
    expect(created).toEqual(['blob:1']);
  });
});

describe('downloadName', () => {
  it('saves a file under the extension of its real type, without direction overrides', () => {
    expect(downloadName({ name: 'evil.html', contentType: 'image/png' })).toBe('evil.png');
    expect(downloadName({ name: 'scan\u202Efdp.exe', contentType: 'application/pdf' })).toBe('scanfdp.pdf');
    expect(downloadName({ name: 'photo.JPEG', contentType: 'image/jpeg' })).toBe('photo.JPEG');
  });
});
