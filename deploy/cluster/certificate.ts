/**
 * A self-signed certificate for 127.0.0.1 and localhost, made at start with
 * openssl (Debian's, always there where haproxy is): what `npm run cluster`
 * and the tests serve HTTPS with. Never for production: there the operator's
 * own certificate goes in PARLEY_TLS_PEM.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Certificate {
  /** PEM certificate (clients trust it as their CA). */
  cert: string;
  certPath: string;
  keyPath: string;
  /** Certificate then key in one file, as HAProxy's `crt` wants it. */
  pemPath: string;
}

/** Writes cert.pem, key.pem and both.pem into `dir`. */
export function makeCertificate(dir: string): Certificate {
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  const pemPath = join(dir, 'both.pem');
  execFileSync(
    'openssl',
    [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-keyout', keyPath, '-out', certPath, '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  const cert = readFileSync(certPath, 'utf8');
  writeFileSync(pemPath, cert + readFileSync(keyPath, 'utf8'), { mode: 0o600 });
  return { cert, certPath, keyPath, pemPath };
}
