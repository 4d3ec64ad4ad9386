/** Starts any target by name. */
import { BaselineTarget } from './baseline-target.ts';
import { ParleyTarget } from './parley-target.ts';
import type { ClientKind, Target, TargetName } from './target.ts';

export interface LaunchOptions {
  client: ClientKind;
  nodeFlags?: string[];
  /** Open the server's V8 inspector on this port (127.0.0.1 only). */
  inspectorPort?: number;
  env?: Record<string, string>;
  setupConcurrency?: number;
}

export function launchTarget(name: TargetName, options: LaunchOptions): Promise<Target> {
  return name === 'parley' ? ParleyTarget.start(options) : BaselineTarget.start(name, options);
}
