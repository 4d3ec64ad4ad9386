/**
 * Helmet options with a CSP that fits the Angular/Ionic builds: Angular's
 * critical-CSS inlining loads the full stylesheet with
 * `onload="this.media='all'"`, allowed by its hash alone; images may be
 * blob:/data: (attachment previews). Sites listed in CORS_ORIGINS may also
 * frame the apps (embedded support widget).
 */

/** sha256 of `this.media='all'`, the one inline handler Angular's production build emits. */
const ANGULAR_MEDIA_ONLOAD_HASH = 'sha256-MhtPZXr7+LpJUY5qtMutB+qWfQtMaPccfe7QXtCcEYc=';

export function contentSecurity(origins: string[]) {
  const framers = origins.includes('*') ? ['*'] : ["'self'", ...origins];
  return {
    contentSecurityPolicy: {
      directives: {
        'script-src-attr': ["'unsafe-hashes'", `'${ANGULAR_MEDIA_ONLOAD_HASH}'`],
        'img-src': ["'self'", 'data:', 'blob:'],
        // 'self' covers same-origin ws:/wss: (CSP Level 3); a bare `ws:` would allow sockets to any host.
        'connect-src': ["'self'", 'data:'],
        'frame-ancestors': framers,
        // Plain-HTTP installs (a LAN address, tests) must not have their assets rewritten to https.
        'upgrade-insecure-requests': null,
      },
    },
    // X-Frame-Options cannot list origins; frame-ancestors above supersedes it when origins are configured.
    xFrameOptions: origins.length === 0 ? { action: 'sameorigin' as const } : false,
  };
}
