/**
 * Parley's chat widget: `<script src="https://SUPPORT-HOST/widget.js" data-parley async></script>`
 * on any page adds a launcher button that opens the customer app in an iframe
 * panel (docs/embedding.md, "The widget").
 *
 * - Nothing of the host page is touched but `window.Parley` (the API below) and
 *   one element at the end of <body> whose shadow root holds the launcher, the
 *   greeting and the panel, so neither side's styles leak into the other.
 * - The app runs in the iframe from the start (hidden), so the launcher can
 *   badge replies that arrive while the panel is closed; the app does not mark
 *   them read until the panel is open.
 * - Identity goes to the iframe by postMessage to the exact support origin,
 *   never in a URL. The app answers only its parent, which the server's
 *   `frame-ancestors` (CORS_ORIGINS) limits to the sites allowed to embed it.
 * - Whether the panel is open is remembered for the tab (sessionStorage), so it
 *   stays open across the host's page navigations.
 * - Where the browser refuses the framed app its own storage (private windows,
 *   third-party storage blocked), the app's storage is kept here, under
 *   `parley-widget:app:` keys, and handed back in each hello
 *   (apps/customer/src/app/session/storage-relay.ts).
 *
 * A classic script with no imports: compiled by tsc to one small file.
 */
(() => {
  interface WidgetSettings {
    /** Corner: 'right' (default) or 'left'. */
    position?: string;
    /** Launcher colour (a CSS hex colour or name). */
    color?: string;
    /** A line shown beside the launcher until the visitor first opens the panel. */
    greeting?: string;
    /** The launcher's accessible name. */
    label?: string;
  }

  /** What the app in the iframe tells the page. */
  type AppMessage =
    | { type: 'parley:ready' }
    | { type: 'parley:unread'; count: number }
    | { type: 'parley:close' }
    | { type: 'parley:store'; area: 'local' | 'session'; key: string; value: string | null };

  interface ParleyWidget {
    readonly version: string;
    open(): void;
    close(): void;
    toggle(): void;
    /** Signs the visitor in as your user: the identity your backend signed (a JWT; docs/embedding.md). */
    identify(identity: string | { identity: string }): void;
    /** Signs your user out of the chat on this device (call it when they sign out of your site). */
    logout(): void;
    /** Replies not read yet. */
    readonly unread: number;
    readonly isOpen: boolean;
  }

  const host = window as Window & { Parley?: ParleyWidget; ParleySettings?: WidgetSettings };
  if (host.Parley?.version) return; // the script was included twice

  const script =
    (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[data-parley][src]');
  if (!script?.src) return;
  const supportOrigin = new URL(script.src, location.href).origin;
  const given: WidgetSettings = { ...readDataset(script.dataset), ...(host.ParleySettings ?? {}) };
  const color = /^(#[0-9a-f]{3,8}|[a-z]{3,20})$/i.test(given.color ?? '') ? given.color! : '#3949ab';
  const left = given.position === 'left';
  const label = given.label || 'Chat with us';
  const OPEN_KEY = 'parley-widget:open';
  const GREETED_KEY = 'parley-widget:greeted';
  const APP_PREFIX = 'parley-widget:app:';
  const HELLO_EVERY_MS = 250;
  const HELLO_TRIES = 40;

  const element = document.createElement('div');
  element.setAttribute('data-parley-widget', '');
  const root = element.attachShadow({ mode: 'open' });
  root.innerHTML = `<style>${css(color, left)}</style>
<div class="greeting" hidden><span></span><button type="button" class="dismiss" aria-label="Dismiss">×</button></div>
<div class="panel" hidden><iframe title="Support chat" allow="clipboard-write"></iframe></div>
<button type="button" class="launcher" aria-expanded="false">
  <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16v11H7l-3 3z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/></svg>
  <span class="badge" hidden></span>
</button>`;
  const panel = root.querySelector<HTMLDivElement>('.panel')!;
  const frame = root.querySelector<HTMLIFrameElement>('iframe')!;
  const launcher = root.querySelector<HTMLButtonElement>('.launcher')!;
  const badge = root.querySelector<HTMLSpanElement>('.badge')!;
  const greeting = root.querySelector<HTMLDivElement>('.greeting')!;
  launcher.setAttribute('aria-label', label);
  greeting.querySelector('span')!.textContent = given.greeting ?? '';

  let ready = false;
  let unread = 0;
  let open = storage()?.getItem(OPEN_KEY) === '1';
  const waiting: object[] = [];

  function send(message: object): void {
    if (ready && frame.contentWindow) frame.contentWindow.postMessage(message, supportOrigin);
    else waiting.push(message);
  }

  function render(): void {
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    launcher.classList.toggle('open', open);
    badge.hidden = open || unread === 0;
    badge.textContent = unread > 99 ? '99+' : String(unread);
    launcher.setAttribute('aria-label', unread > 0 && !open ? `${label} (${unread} unread)` : label);
    greeting.hidden = open || !given.greeting || storage()?.getItem(GREETED_KEY) === '1';
  }

  function setOpen(next: boolean): void {
    if (next === open) return;
    open = next;
    storage()?.setItem(OPEN_KEY, open ? '1' : '0');
    if (open) storage()?.setItem(GREETED_KEY, '1');
    render();
    send({ type: 'parley:panel', open });
    if (open) frame.focus();
    else launcher.focus();
  }

  window.addEventListener('message', (event: MessageEvent) => {
    if (event.origin !== supportOrigin || event.source !== frame.contentWindow) return;
    const message = event.data as AppMessage | null;
    if (!message || typeof message !== 'object') return;
    if (message.type === 'parley:ready') {
      if (ready) return;
      ready = true;
      frame.contentWindow!.postMessage({ type: 'parley:panel', open }, supportOrigin);
      for (const queued of waiting.splice(0)) frame.contentWindow!.postMessage(queued, supportOrigin);
    } else if (message.type === 'parley:unread' && Number.isInteger(message.count) && message.count >= 0) {
      unread = message.count;
      render();
      window.dispatchEvent(new CustomEvent('parley:unread', { detail: { count: unread } }));
    } else if (message.type === 'parley:close') {
      setOpen(false);
    } else if (message.type === 'parley:store' && typeof message.key === 'string') {
      keep(message.area, message.key, typeof message.value === 'string' ? message.value : null);
    }
  });

  // Say hello until the app answers: it may still be starting when the frame's load event fires.
  frame.addEventListener('load', () => {
    let tries = 0;
    const hello = () => {
      if (ready || tries++ >= HELLO_TRIES || !frame.contentWindow) return;
      frame.contentWindow.postMessage({ type: 'parley:hello', store: { local: kept('local'), session: kept('session') } }, supportOrigin);
      setTimeout(hello, HELLO_EVERY_MS);
    };
    hello();
  });

  launcher.addEventListener('click', () => setOpen(!open));
  greeting.querySelector('.dismiss')!.addEventListener('click', () => {
    storage()?.setItem(GREETED_KEY, '1');
    render();
  });
  root.addEventListener('keydown', (event) => {
    if ((event as KeyboardEvent).key === 'Escape' && open) setOpen(false);
  });

  frame.src = `${supportOrigin}/queries`;
  render();
  const mount = () => document.body.appendChild(element);
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);

  host.Parley = {
    version: '1',
    open: () => setOpen(true),
    close: () => setOpen(false),
    toggle: () => setOpen(!open),
    identify(identity) {
      const token = typeof identity === 'string' ? identity : identity?.identity;
      if (typeof token !== 'string' || token.split('.').length !== 3) throw new TypeError('Parley.identify: pass the signed identity (a JWT)');
      send({ type: 'parley:identify', identity: token });
    },
    logout: () => send({ type: 'parley:logout' }),
    get unread() {
      return unread;
    },
    get isOpen() {
      return open;
    },
  };

  function readDataset(data: DOMStringMap): WidgetSettings {
    const settings: WidgetSettings = {};
    if (data['position']) settings.position = data['position'];
    if (data['color']) settings.color = data['color'];
    if (data['greeting']) settings.greeting = data['greeting'];
    if (data['label']) settings.label = data['label'];
    return settings;
  }

  /** The host's sessionStorage, or null where it is refused (sandboxed pages, some privacy modes). */
  function storage(area: 'local' | 'session' = 'session'): Storage | null {
    try {
      return area === 'local' ? window.localStorage : window.sessionStorage;
    } catch {
      return null;
    }
  }

  /**
   * Storage the app keeps here because the browser refused it its own (a third-party frame in a private window):
   * the visitor's session, so they are the same visitor on the site's next page. Prefixed, never the host's keys.
   */
  function keep(area: 'local' | 'session', key: string, value: string | null): void {
    const store = storage(area === 'local' ? 'local' : 'session');
    if (!store) return;
    if (value === null) store.removeItem(APP_PREFIX + key);
    else store.setItem(APP_PREFIX + key, value);
  }

  function kept(area: 'local' | 'session'): Record<string, string> {
    const store = storage(area);
    const found: Record<string, string> = {};
    if (!store) return found;
    for (let i = 0; i < store.length; i++) {
      const key = store.key(i);
      if (key?.startsWith(APP_PREFIX)) found[key.slice(APP_PREFIX.length)] = store.getItem(key) ?? '';
    }
    return found;
  }

  function css(accent: string, onLeft: boolean): string {
    const side = onLeft ? 'left' : 'right';
    return `:host { all: initial; }
.launcher { position: fixed; bottom: 20px; ${side}: 20px; z-index: 2147483000; width: 56px; height: 56px; border-radius: 50%;
  border: none; background: ${accent}; color: #fff; cursor: pointer; box-shadow: 0 4px 14px rgba(0,0,0,.25); padding: 0;
  display: flex; align-items: center; justify-content: center; }
.launcher svg { width: 28px; height: 28px; }
.launcher:focus-visible { outline: 3px solid #fff; box-shadow: 0 0 0 5px ${accent}; }
.launcher.open svg { transform: rotate(-8deg); }
.badge { position: absolute; top: -4px; ${onLeft ? 'left' : 'right'}: -4px; min-width: 20px; height: 20px; padding: 0 5px;
  border-radius: 10px; background: #d32f2f; color: #fff; font: 600 12px/20px system-ui, sans-serif; box-sizing: border-box; }
.panel { position: fixed; bottom: 88px; ${side}: 20px; z-index: 2147483000; width: 380px; height: min(640px, calc(100vh - 110px));
  border-radius: 12px; overflow: hidden; box-shadow: 0 8px 30px rgba(0,0,0,.3); background: #fff; }
.panel iframe { border: 0; width: 100%; height: 100%; display: block; }
.greeting { position: fixed; bottom: 34px; ${side}: 88px; z-index: 2147483000; max-width: 260px; padding: 10px 30px 10px 14px;
  border-radius: 10px; background: #fff; color: #222; font: 14px/1.35 system-ui, sans-serif; box-shadow: 0 4px 14px rgba(0,0,0,.2); }
.dismiss { position: absolute; top: 2px; right: 4px; border: none; background: none; font-size: 18px; color: #666; cursor: pointer; }
[hidden] { display: none !important; }
@media (max-width: 480px) { .panel { inset: 0; width: auto; height: auto; border-radius: 0; bottom: 0; } }`;
  }
})();
