/**
 * How big each scenario is. `FULL_SIZES` are the numbers; `QUICK_SIZES`
 * finish in seconds and run in `npm test`. Any field can be overridden with a
 * flag (`--openLoop.customers=2000`) or an environment variable
 * (`BENCH_OPENLOOP_CUSTOMERS=2000`).
 */
export interface BenchSizes {
  conversations: { pairs: number; inFlight: number; warmupSeconds: number; seconds: number };
  openLoop: { customers: number; intervalSeconds: number; warmupSeconds: number; seconds: number };
  idle: { connections: number; concurrency: number; settleSeconds: number };
  reconnect: { clients: number; messagesBefore: number; messagesDuring: number; timeoutSeconds: number };
  fanOut: { agents: number; inFlight: number; warmupSeconds: number; seconds: number };
  store: { senders: number; inFlight: number; seconds: number };
  /** The abuse scenario (src/scenarios/abuse.ts). A flood whose size is 0 is skipped. */
  abuse: AbuseSizes;
  /** The `parley-cluster` target: Parley nodes behind HAProxy. */
  cluster: { nodes: number };
  /** Parallel connects/REST calls while setting a scenario up. */
  setupConcurrency: number;
}

export const FULL_SIZES: BenchSizes = {
  conversations: { pairs: 500, inFlight: 2, warmupSeconds: 3, seconds: 15 },
  openLoop: { customers: 5000, intervalSeconds: 5, warmupSeconds: 5, seconds: 20 },
  idle: { connections: 20_000, concurrency: 100, settleSeconds: 3 },
  reconnect: { clients: 5000, messagesBefore: 1, messagesDuring: 1, timeoutSeconds: 90 },
  fanOut: { agents: 1000, inFlight: 2, warmupSeconds: 2, seconds: 10 },
  store: { senders: 200, inFlight: 2, seconds: 8 },
  abuse: {
    // 15 s, not 10: the server reaps silent connections after 10 s (FIRST_REQUEST_TIMEOUT_MS), and the idle flood's
    // window should hold a round of reaping and reconnecting.
    seconds: 15,
    settleSeconds: 3,
    victims: 20,
    victimIntervalMs: 100,
    healthzIntervalMs: 50,
    fastSocketFramesPerSecond: 160_000,
    typingSockets: 150,
    typingPerSecond: 15,
    messageSockets: 100,
    messagesPerSecond: 8,
    bodyChars: 4000,
    queryVisitors: 40,
    queryConcurrency: 32,
    idleConnections: 6000,
    attackerNice: 19,
  },
  cluster: { nodes: 3 },
  setupConcurrency: 50,
};

export const QUICK_SIZES: BenchSizes = {
  conversations: { pairs: 8, inFlight: 2, warmupSeconds: 0.3, seconds: 1 },
  openLoop: { customers: 40, intervalSeconds: 0.5, warmupSeconds: 0.3, seconds: 1 },
  idle: { connections: 60, concurrency: 20, settleSeconds: 0.3 },
  reconnect: { clients: 8, messagesBefore: 1, messagesDuring: 1, timeoutSeconds: 30 },
  fanOut: { agents: 10, inFlight: 2, warmupSeconds: 0.3, seconds: 1 },
  store: { senders: 10, inFlight: 2, seconds: 1 },
  abuse: {
    seconds: 1.5,
    settleSeconds: 0.3,
    victims: 4,
    victimIntervalMs: 100,
    healthzIntervalMs: 50,
    fastSocketFramesPerSecond: 20_000,
    // Still past MAX_SOCKETS_PER_USER (20), so the cap is met even in quick mode.
    typingSockets: 25,
    typingPerSecond: 15,
    messageSockets: 5,
    messagesPerSecond: 8,
    bodyChars: 4000,
    queryVisitors: 3,
    queryConcurrency: 4,
    idleConnections: 100,
    attackerNice: 19,
  },
  // The real shape even in quick mode: three nodes start in about 2 s.
  cluster: { nodes: 3 },
  setupConcurrency: 20,
};

/** One attacker against everyone else: see docs/performance.md, "Abuse". */
export interface AbuseSizes {
  /** Length of each window, quiet and flood alike. */
  seconds: number;
  /** Pause after a flood stops, before the next flood's preparation. */
  settleSeconds: number;
  /** Victim customers, taking turns to send (one customer may store 60 messages a minute). */
  victims: number;
  /** One victim message every this many ms, acked; latency from its scheduled time to the ack. */
  victimIntervalMs: number;
  /** One `GET /healthz` every this many ms. */
  healthzIntervalMs: number;
  /** Flood 1, one fast socket: `typing` frames per second it tries to write. */
  fastSocketFramesPerSecond: number;
  /** Flood 2, many sockets within the limits: sockets of ONE visitor token, each sending `typingPerSecond`. */
  typingSockets: number;
  typingPerSecond: number;
  /** Flood 2: sockets of visitors of their own, each sending `messagesPerSecond` messages of `bodyChars`. */
  messageSockets: number;
  messagesPerSecond: number;
  /** Length of the attacker's message and query bodies (4,000: the most the server takes). */
  bodyChars: number;
  /** Flood 3, query flood: visitors opening queries from one address, `queryConcurrency` requests in flight. */
  queryVisitors: number;
  queryConcurrency: number;
  /** Flood 4: silent TCP connections held open (reopened when the server closes them). */
  idleConnections: number;
  /**
   * The attacker process's CPU priority (0–19; 19 = lowest): an attacker's own CPU is on machines of its own,
   * not on the server's. 0 runs it at everyone's priority, as the first measurements did.
   */
  attackerNice: number;
}

/**
 * Applies `group.field=value` overrides from flags and `BENCH_GROUP_FIELD`
 * environment variables to a copy of `base`. Unknown names are an error, so a
 * typo is not silently ignored.
 */
export function applyOverrides(base: BenchSizes, flags: ReadonlyMap<string, string>, env: NodeJS.ProcessEnv): BenchSizes {
  const sizes = structuredClone(base);
  const table = sizes as unknown as Record<string, Record<string, number> | number>;
  const set = (path: string, raw: string, source: string) => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${source}: ${raw} is not a number ≥ 0`);
    const [group, field] = path.split('.');
    const entry = table[group!];
    if (field === undefined && typeof entry === 'number') {
      table[group!] = value;
    } else if (typeof entry === 'object' && field !== undefined && field in entry) {
      entry[field] = value;
    } else {
      throw new Error(`${source}: unknown size ${path}`);
    }
  };
  for (const [group, entry] of Object.entries(table)) {
    const fields = typeof entry === 'number' ? [undefined] : Object.keys(entry);
    for (const field of fields) {
      const name = `BENCH_${group}${field ? '_' + field : ''}`.toUpperCase();
      const raw = env[name];
      if (raw !== undefined) set(field ? `${group}.${field}` : group, raw, name);
    }
  }
  for (const [path, raw] of flags) set(path, raw, `--${path}`);
  return sizes;
}
