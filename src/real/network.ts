// The link between the two hosts: a veth pair created in the root namespace, one end moved into
// each host's network namespace and given its address there. Once moved, an end disappears with
// its namespace; an end still in the root namespace (a set-up killed half-way) is deleted by name.
import { hostIdentities } from './constants.js';
import { command, inNamespace, steps } from './command.js';
import type { RealResult } from './errors.js';
import { cidr } from './host-config.js';
import type { ToolPaths } from './preconditions.js';

export function linkHosts(tools: ToolPaths, veth: { readonly A: string; readonly B: string }, holders: { readonly A: number; readonly B: number }): Promise<RealResult<null>> {
  return steps([
    () => command(tools.ip, ['link', 'add', veth.A, 'type', 'veth', 'peer', 'name', veth.B]),
    ...(['A', 'B'] as const).flatMap((key) => [
      () => command(tools.ip, ['link', 'set', veth[key], 'netns', String(holders[key])]),
      () => inNamespace(tools.nsenter, holders[key], ['net'], tools.ip, ['addr', 'add', cidr(hostIdentities[key]), 'dev', veth[key]]),
      () => inNamespace(tools.nsenter, holders[key], ['net'], tools.ip, ['link', 'set', veth[key], 'up']),
    ]),
  ]);
}

/** Whether an interface of this name exists in the root namespace. */
export async function linkExists(ip: string, name: string): Promise<boolean> {
  return (await command(ip, ['link', 'show', 'dev', name])).ok;
}

export async function deleteLink(ip: string, name: string): Promise<RealResult<unknown>> {
  return command(ip, ['link', 'del', 'dev', name]);
}
