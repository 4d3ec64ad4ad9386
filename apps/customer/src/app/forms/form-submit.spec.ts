import { describe, expect, it } from 'vitest';
import { TestBed } from '@angular/core/testing';
import { provideIonicAngular } from '@ionic/angular';
import { FormSubmit } from './form-submit';

async function render(inputs: { busy?: boolean; disabled?: boolean; error?: string | null }) {
  TestBed.configureTestingModule({ providers: [provideIonicAngular()] });
  const fixture = TestBed.createComponent(FormSubmit);
  fixture.componentRef.setInput('label', 'Send question');
  fixture.componentRef.setInput('busyLabel', 'Sending…');
  fixture.componentRef.setInput('testId', 'create-query');
  for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
  await fixture.whenStable();
  const element = fixture.nativeElement as HTMLElement;
  return { button: element.querySelector('[data-testid="create-query"]') as HTMLElement & { disabled: boolean }, element };
}

describe('FormSubmit', () => {
  it('is a submit button with the label, and no alert while there is no error', async () => {
    const { button, element } = await render({});
    expect(button.getAttribute('type')).toBe('submit');
    expect(button.textContent?.trim()).toBe('Send question');
    expect(element.querySelector('[role="alert"]')).toBeNull();
  });

  it('while busy shows a spinner and tells screen readers what is happening', async () => {
    const { button } = await render({ busy: true, disabled: true });
    expect(button.querySelector('ion-spinner')).not.toBeNull();
    expect(button.textContent?.trim()).toBe('Sending…');
    expect(button.disabled).toBe(true);
  });

  it('announces the error of the last attempt', async () => {
    const { element } = await render({ error: 'We cannot reach the support server right now.' });
    expect(element.querySelector('[role="alert"]')?.textContent).toBe('We cannot reach the support server right now.');
  });
});
