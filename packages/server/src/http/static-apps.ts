/**
 * Serves the built web apps: the customer app at / and the admin console at
 * /admin/, each with an SPA fallback to its index.html. Until an app is built,
 * a plain page says what will be there. API, socket, health and metrics paths
 * are never shadowed: they answer JSON errors instead.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './error-handler.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const defaultCustomerDist = join(repoRoot, 'apps/customer/dist/browser');
export const defaultAdminDist = join(repoRoot, 'apps/admin/dist/browser');
export const defaultWidgetScript = join(repoRoot, 'apps/widget/dist/widget.js');

const RESERVED = /^\/(api|socket\.io|healthz|readyz|metrics)(\/|$|\?)/;

function placeholder(title: string, what: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem">
<h1>${title}</h1><p>${what}</p><p>The Parley server is running: the REST API is under <code>/api</code>,
Socket.IO under <code>/socket.io</code> (namespaces <code>/chat</code> and <code>/admin</code>).</p></body></html>`;
}

export interface StaticAppsOptions {
  customerDist?: string;
  adminDist?: string;
  /** The built widget script (apps/widget), served at /widget.js. */
  widgetScript?: string;
}

export async function registerStaticApps(app: FastifyInstance, options: StaticAppsOptions): Promise<void> {
  const customerRoot = resolve(options.customerDist ?? defaultCustomerDist);
  const adminRoot = resolve(options.adminDist ?? defaultAdminDist);
  const hasCustomer = existsSync(join(customerRoot, 'index.html'));
  const hasAdmin = existsSync(join(adminRoot, 'index.html'));

  if (hasAdmin) {
    await app.register(fastifyStatic, { root: adminRoot, prefix: '/admin/', index: 'index.html' });
  }
  if (hasCustomer) {
    await app.register(fastifyStatic, { root: customerRoot, prefix: '/', index: 'index.html', decorateReply: !hasAdmin });
  }
  app.get('/admin', (_request, reply) => reply.redirect('/admin/'));

  // Other sites load the widget with <script src>: a no-cors request that CORP same-origin (helmet's default) would block.
  const widgetScript = resolve(options.widgetScript ?? defaultWidgetScript);
  app.get('/widget.js', async (_request, reply) => {
    if (!existsSync(widgetScript)) return sendError(reply, { code: 'not_found', message: 'the widget is not built (npm run build)' });
    const body = await readFile(widgetScript);
    return reply
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('cache-control', 'public, max-age=300')
      .type('text/javascript; charset=utf-8')
      .send(body);
  });

  const spaFallback = (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url;
    const isPage = (request.method === 'GET' || request.method === 'HEAD') && !RESERVED.test(path) && !/\.[a-z0-9]+($|\?)/i.test(path);
    if (!isPage) return sendError(reply, { code: 'not_found', message: `no route ${request.method} ${path.split('?')[0]}` });
    const admin = path.startsWith('/admin/');
    if (admin && hasAdmin) return reply.header('cache-control', 'no-cache').sendFile('index.html', adminRoot);
    if (!admin && hasCustomer) return reply.header('cache-control', 'no-cache').sendFile('index.html', customerRoot);
    const page = admin
      ? placeholder('Parley admin console', 'The agents’ console (Angular) will be served here once apps/admin is built (npm run build).')
      : placeholder('Parley', 'The customer app (Ionic) will be served here once apps/customer is built (npm run build).');
    return reply.type('text/html; charset=utf-8').send(page);
  };
  app.setNotFoundHandler(spaFallback);
}
