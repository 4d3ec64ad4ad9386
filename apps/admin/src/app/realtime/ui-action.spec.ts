import { UiAction } from './ui-action';

describe('UiAction', () => {
  it('is busy while the call runs, clears the last error when one starts, and keeps a failure in words', async () => {
    const action = new UiAction();
    let finish!: () => void;
    const running = action.run(() => new Promise<void>((resolve) => (finish = resolve)));
    expect(action.busy()).toBe(true);
    finish();
    await running;
    expect(action.busy()).toBe(false);
    await action.run(async () => {
      throw Object.assign(new Error('gone'), { code: 'not_found' });
    });
    expect(action.error()).toBe('It no longer exists.');
    await action.run(async () => undefined);
    expect(action.error()).toBeNull();
  });

  it('words a failure the page’s own way when given one', async () => {
    const action = new UiAction(() => 'Custom words.');
    await action.run(async () => {
      throw new Error('x');
    });
    expect(action.error()).toBe('Custom words.');
  });
});
