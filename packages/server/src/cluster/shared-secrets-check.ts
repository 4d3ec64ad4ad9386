/**
 * Refuses to start a node whose secrets differ from the running nodes': with
 * another JWT_SECRET it would refuse every other node's tokens (and they its),
 * with another IDENTITY_SECRET it would sign in different customers — a
 * cluster split silently by configuration. Each live node keeps a fingerprint
 * of its secrets in Redis (an HMAC of a fixed label keyed by the secret: it
 * reveals nothing of the secret), refreshed while it runs; a node starting
 * with other secrets while another runs is refused with a message naming the
 * variable. Once every node has stopped the fingerprints expire, so changing
 * a secret needs a full restart, which is what changing it means anyway.
 */
import { createHmac } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

export class SplitSecretError extends Error {
  override name = 'SplitSecretError';
}

export interface SharedSecrets {
  jwtSecret: string;
  identitySecret: string | undefined;
}

const VARIABLES = { jwt: 'JWT_SECRET', identity: 'IDENTITY_SECRET' } as const;

function fingerprint(secret: string | undefined): string {
  return secret === undefined ? 'unset' : createHmac('sha256', secret).update('parley cluster secret fingerprint').digest('hex').slice(0, 32);
}

/**
 * Checks this node's secrets against the running nodes' and keeps its fingerprints alive every `refreshMs`
 * (they expire after three missed refreshes). Returns the function that stops refreshing.
 * @throws SplitSecretError when a running node has other secrets
 */
export async function checkSharedSecrets(
  redis: Redis,
  prefix: string,
  secrets: SharedSecrets,
  refreshMs: number,
  log: Pick<Logger, 'warn'>,
): Promise<() => void> {
  const mine = { jwt: fingerprint(secrets.jwtSecret), identity: fingerprint(secrets.identitySecret) };
  const ttl = refreshMs * 3;
  const key = (name: keyof typeof mine) => `${prefix}:cluster:secret:${name}`;
  for (const name of Object.keys(mine) as Array<keyof typeof mine>) {
    // NX: the first node sets it; everyone else compares with it.
    const set = await redis.set(key(name), mine[name], 'PX', ttl, 'NX');
    if (set === 'OK') continue;
    const theirs = await redis.get(key(name));
    if (theirs !== null && theirs !== mine[name]) {
      throw new SplitSecretError(
        `${VARIABLES[name]} differs from the one the running nodes of this cluster (REDIS_PREFIX ${prefix}) use: ` +
          (name === 'jwt'
            ? 'each node would refuse the tokens the others sign. Give every node the same JWT_SECRET (or leave it unset on all: the cluster then shares one generated secret kept in the database).'
            : 'nodes would sign different customers in. Give every node the same IDENTITY_SECRET (or leave it unset on all).'),
      );
    }
    await redis.set(key(name), mine[name], 'PX', ttl);
  }
  const timer = setInterval(() => {
    const refresh = redis.multi();
    for (const name of Object.keys(mine) as Array<keyof typeof mine>) refresh.set(key(name), mine[name], 'PX', ttl);
    refresh.exec().catch((error: unknown) => log.warn({ err: error }, 'could not refresh the cluster secret fingerprints'));
  }, refreshMs);
  timer.unref();
  return () => clearInterval(timer);
}
