import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, isPublicAddress } from './address-guard.js';

describe('address guard', () => {
  it('public unicast addresses pass', () => {
    for (const a of ['8.8.8.8', '1.1.1.1', '93.184.216.34', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect(isPublicAddress(a), a).toBe(true);
  });

  it('loopback, private, link-local, shared, unspecified, documentation and multicast addresses are refused, IPv4-mapped too', () => {
    for (const a of [
      '127.0.0.1', '127.9.9.9', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0',
      '192.0.2.10', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fd00::1', 'fc12::9', 'ff02::1', '2001:db8::1',
      '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'not-an-address',
    ]) {
      expect(isPublicAddress(a), a).toBe(false);
    }
  });

  it('a URL is refused when any address its host resolves to is not public, unless private addresses are allowed', async () => {
    const resolve = async (host: string) =>
      host === 'mixed.example' ? [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.5', family: 4 }] : [{ address: '93.184.216.34', family: 4 }];
    await expect(checkWebhookUrl('https://public.example/hook', false, resolve)).resolves.toBeUndefined();
    await expect(checkWebhookUrl('https://mixed.example/hook', false, resolve)).rejects.toMatchObject({
      code: 'invalid_payload', message: expect.stringContaining('10.0.0.5'),
    });
    await expect(checkWebhookUrl('http://127.0.0.1:8080/hook', false, resolve)).rejects.toMatchObject({ code: 'invalid_payload' });
    await expect(checkWebhookUrl('http://[::1]:8080/hook', false, resolve)).rejects.toMatchObject({ code: 'invalid_payload' });
    await expect(checkWebhookUrl('https://mixed.example/hook', true, resolve)).resolves.toBeUndefined();
  });

  it('a host that does not resolve is refused with its name', async () => {
    const resolve = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    await expect(checkWebhookUrl('https://nowhere.invalid/hook', true, resolve)).rejects.toMatchObject({
      code: 'invalid_payload', message: expect.stringContaining('nowhere.invalid'),
    });
  });
});
