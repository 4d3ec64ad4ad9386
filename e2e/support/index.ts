/** Helpers shared by the e2e suites: real server, agent sign-in, SDK customers, screenshots. */
export { assertBuilt, startTestServer, TEST_ADMIN, type TestServer } from './server';
export { openCustomerSession, type TestCustomer } from './customer';
export { signInAgent } from './agent';
export { snap, SCREENSHOT_DIR } from './screenshot';
export { test, expect, type ParleyFixtures } from './fixtures';
