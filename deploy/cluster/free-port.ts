import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';

/**
 * A TCP port free on 127.0.0.1 right now, for a process about to be started on it.
 *
 * Taken below the kernel's ephemeral range when it can be: a port from that range (what `listen(0)` gives) can be
 * handed to any outgoing connection between this check and the process binding it — the bench's load generator
 * opens thousands — and the process then fails with EADDRINUSE (a cluster node did, in the 17:32 full run of
 * 2026-12-06). Outgoing connections never get a port below the range.
 */
export async function freePort(): Promise<number> {
  const low = ephemeralStart();
  const from = 20_000;
  if (low > from + 1000) {
    for (let attempt = 0; attempt < 100; attempt++) {
      const port = from + Math.floor(Math.random() * (low - from));
      if (await bindable(port)) return port;
    }
  }
  return listen(0);
}

/** Where the kernel's ephemeral port range starts (Linux), or the IANA range's start where it cannot be read. */
function ephemeralStart(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (low) return low;
  } catch {
    // Not Linux.
  }
  return 49_152;
}

async function bindable(port: number): Promise<boolean> {
  try {
    await listen(port);
    return true;
  } catch {
    return false;
  }
}

function listen(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const bound = (server.address() as AddressInfo).port;
      server.close(() => resolve(bound));
    });
  });
}
