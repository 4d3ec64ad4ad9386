import { TestBed } from '@angular/core/testing';
import type { Attachment } from '@parley/protocol';
import { FakeAgentClient, provideFakeAgentClient, startRealtime } from '../testing/fake-agent-client';
import { AttachmentList } from './attachment-list';

const photo: Attachment = { id: 'att-1', name: 'parcel.png', contentType: 'image/png', size: 2048, url: '/api/attachments/att-1' };
const invoice: Attachment = { id: 'att-2', name: 'invoice.pdf', contentType: 'application/pdf', size: 3 * 1024 * 1024, url: '/api/attachments/att-2' };

describe('AttachmentList', () => {
  let fetchAttachment: FakeAgentClient['fetchAttachment'];
  let created: string[];
  let revoked: string[];

  beforeEach(() => {
    created = [];
    revoked = [];
    const client = new FakeAgentClient();
    fetchAttachment = client.fetchAttachment;
    fetchAttachment.mockImplementation(async ({ url }) => new Blob([url]));
    vi.stubGlobal('URL', Object.assign(URL, {
      createObjectURL: (blob: Blob) => {
        const url = `blob:test/${created.length}-${blob.size}`;
        created.push(url);
        return url;
      },
      revokeObjectURL: (url: string) => revoked.push(url),
    }));
    TestBed.configureTestingModule({ providers: [provideFakeAgentClient(client)] });
    startRealtime();
  });
  afterEach(() => vi.unstubAllGlobals());

  async function render(attachments: Attachment[]) {
    const fixture = TestBed.createComponent(AttachmentList);
    fixture.componentRef.setInput('attachments', attachments);
    await fixture.whenStable();
    await vi.waitFor(() => expect(fetchAttachment).toHaveBeenCalled());
    await fixture.whenStable();
    return { fixture, root: fixture.nativeElement as HTMLElement };
  }

  it('shows name and size of every attachment and a thumbnail of pictures, loaded with the token through the SDK', async () => {
    const { root } = await render([photo, invoice]);
    const items = [...root.querySelectorAll('li.attachment')];
    expect(items.map((li) => li.querySelector('.name')!.textContent)).toEqual(['parcel.png', 'invoice.pdf']);
    expect(items.map((li) => li.querySelector('.size')!.textContent)).toEqual(['2.0 KB', '3.0 MB']);
    const img = items[0]!.querySelector('img')!;
    expect(img.getAttribute('src')).toBe(created[0]);
    expect(img.getAttribute('alt')).toBe('parcel.png');
    expect(items[1]!.querySelector('img')).toBeNull();
    // The PDF is not fetched until asked for.
    expect(fetchAttachment).toHaveBeenCalledTimes(1);
    expect(fetchAttachment).toHaveBeenCalledWith(photo);
  });

  it('downloads on demand with the file name, and revokes every object URL when destroyed', async () => {
    const { fixture, root } = await render([photo, invoice]);
    const clicked: Array<{ href: string; download: string }> = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download });
    });
    root.querySelector<HTMLButtonElement>('[data-attachment-id="att-2"] .download')!.click();
    await vi.waitFor(() => expect(clicked).toHaveLength(1));
    expect(clicked[0]).toEqual({ href: created[1], download: 'invoice.pdf' });
    click.mockRestore();
    fixture.destroy();
    expect(revoked.sort()).toEqual([...created].sort());
  });

  it('says so when an attachment cannot be loaded', async () => {
    fetchAttachment.mockRejectedValueOnce(new Error('forbidden'));
    const { fixture, root } = await render([photo]);
    await vi.waitFor(async () => {
      await fixture.whenStable();
      expect(root.textContent).toContain('Preview unavailable');
    });
    expect(root.querySelector('.error')!.textContent).toContain('Could not load parcel.png');
  });
});
