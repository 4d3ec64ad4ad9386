import { TestBed } from '@angular/core/testing';
import { MessageBody } from './message-body';

describe('MessageBody', () => {
  async function render(text: string): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(MessageBody);
    fixture.componentRef.setInput('text', text);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('renders HTML in a message as text, never as markup', async () => {
    const attack = '<img src=x onerror="alert(1)"><script>alert(2)</script><b>bold</b>';
    const root = await render(attack);
    expect(root.querySelector('img, script, b')).toBeNull();
    expect(root.textContent).toBe(attack);
  });

  it('makes links clickable, opening in a new tab without an opener', async () => {
    const root = await render('Track it at https://parcel.example/track/42 today');
    const link = root.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://parcel.example/track/42');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(root.textContent).toBe('Track it at https://parcel.example/track/42 today');
  });

  it('keeps an injected link with quotes as text around a safe href', async () => {
    const root = await render('https://a.test/"><script>x</script>');
    expect(root.querySelector('script')).toBeNull();
    expect(root.querySelectorAll('a')).toHaveLength(1);
    expect(root.querySelector('a')!.getAttribute('href')).toBe('https://a.test/');
  });
});
