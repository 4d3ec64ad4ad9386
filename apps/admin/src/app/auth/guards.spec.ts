import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, type ActivatedRouteSnapshot, type RouterStateSnapshot, type UrlTree } from '@angular/router';
import { signedInGuard } from './guards';
import { safeReturnUrl } from './return-url';
import { SessionStore } from './session-store';

describe('signedInGuard', () => {
  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
  });

  const run = (url: string) =>
    TestBed.runInInjectionContext(() => signedInGuard({} as ActivatedRouteSnapshot, { url } as RouterStateSnapshot));

  it('sends a signed-out visitor to sign in, remembering the deep link', () => {
    const tree = run('/queries/q-9') as UrlTree;
    expect(TestBed.inject(Router).serializeUrl(tree)).toBe('/sign-in?returnUrl=%2Fqueries%2Fq-9');
  });

  it('lets a signed-in agent through', () => {
    TestBed.inject(SessionStore).save({
      token: 't',
      user: { id: 'a', role: 'agent', name: 'A' },
      agent: { id: 'a', email: 'a@x.test', name: 'A', role: 'agent', active: true, createdAt: '' },
    });
    expect(run('/queries/q-9')).toBe(true);
  });
});

describe('safeReturnUrl', () => {
  it('accepts paths inside the console only', () => {
    expect(safeReturnUrl('/queries/q-1')).toBe('/queries/q-1');
    expect(safeReturnUrl('//evil.example/x')).toBe('/');
    expect(safeReturnUrl('https://evil.example')).toBe('/');
    expect(safeReturnUrl('/\\evil.example')).toBe('/');
    expect(safeReturnUrl('/sign-in')).toBe('/');
    expect(safeReturnUrl(null)).toBe('/');
  });
});
