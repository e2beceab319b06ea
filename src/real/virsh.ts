// virsh against one host's daemon, from the root namespace through the daemon's UNIX socket.
import { command, type CommandOutput } from './command.js';
import { limits } from './constants.js';
import type { RealResult } from './errors.js';
import { socketUri, type HostLayout } from './layout.js';

export interface VirshTarget {
  readonly virsh: string;
  readonly host: HostLayout;
}

export function virsh(target: VirshTarget, args: readonly string[], timeoutMs: number = limits.commandTimeoutMs): Promise<RealResult<CommandOutput>> {
  return command(target.virsh, ['-q', '-c', socketUri(target.host), ...args], timeoutMs);
}
