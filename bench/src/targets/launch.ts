/** Starts any target by name. */
import { BaselineTarget } from './baseline-target.ts';
import { ClusterTarget } from './cluster-target.ts';
import { ParleyTarget } from './parley-target.ts';
import type { ClientKind, Target, TargetName } from './target.ts';

export interface LaunchOptions {
  client: ClientKind;
  nodeFlags?: string[];
  /** Open the server's V8 inspector on this port (127.0.0.1 only). */
  inspectorPort?: number;
  env?: Record<string, string>;
  setupConcurrency?: number;
  /** Nodes of `parley-cluster` (default 3). */
  clusterNodes?: number;
}

export function launchTarget(name: TargetName, options: LaunchOptions): Promise<Target> {
  switch (name) {
    case 'parley':
      return ParleyTarget.start(options);
    case 'parley-pg':
      return ParleyTarget.start({ ...options, store: 'postgres' });
    case 'parley-event-loop':
      return ParleyTarget.start({ ...options, env: { ...options.env, SQLITE_THREAD: 'main' } }, 'parley-event-loop');
    case 'parley-defaults':
      return ParleyTarget.start({ ...options, limits: 'defaults' });
    case 'parley-cluster':
      // Node flags and the inspector are per process; no scenario asks them of a cluster.
      return ClusterTarget.start({
        client: options.client,
        ...(options.clusterNodes ? { nodes: options.clusterNodes } : {}),
        ...(options.env ? { env: options.env } : {}),
        ...(options.setupConcurrency ? { setupConcurrency: options.setupConcurrency } : {}),
      });
    case 'socketio':
    case 'ws':
      return BaselineTarget.start(name, options);
  }
}
