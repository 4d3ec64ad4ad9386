import { isQueueUrl } from './queue-url';

describe('isQueueUrl', () => {
  it('is the queue and its conversations, not the management pages', () => {
    for (const url of ['/', '', '/queries/abc', '/?filter=mine', '/queries/abc#m12']) expect(isQueueUrl(url), url).toBe(true);
    for (const url of ['/agents', '/canned-replies', '/integrations', '/queriesx', '/agents?x=/queries/1']) expect(isQueueUrl(url), url).toBe(false);
  });
});
