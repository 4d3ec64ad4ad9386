/**
 * One real server for a whole test file, and every client a test opened closed after it: the set-up most
 * integration files share. Call at the top level of the file; the returned function gives the server's URL.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { closeClients } from './clients.js';
import { startTestServer, type TestServer } from './server.js';

export function useSharedServer(): () => string {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(closeClients);
  afterAll(async () => {
    await server.close();
  });
  return () => server.server.url;
}
