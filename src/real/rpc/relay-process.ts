// Starting and stopping the relay (relay.ts) inside the source host's network namespace, tracked
// by PID like every other process of the harness (state file, harness marker, stopped by PID).
import { readFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { hostIdentities, libvirtdTcpPort, limits } from '../constants.js';
import { fail, ok, type RealResult } from '../errors.js';
import type { ScratchLayout } from '../layout.js';
import { markerEnvironment } from '../ownership.js';
import { isAlive, pollUntil, startDetached, stopPids } from '../processes.js';
import { formatEndpoint, type RelayEndpoint } from './relay.js';

/** The relay's TCP port on the source's veth address: what the source daemon opens as the destination. */
export const proxyTcpPort = 16600;

export interface RelayPlan {
  /** The URI the source daemon opens. */
  readonly peerUri: string;
  /** Where the in-process proxy listens and connects. */
  readonly proxyListen: RelayEndpoint;
  readonly proxyUpstream: RelayEndpoint;
}

export function relayPlan(layout: ScratchLayout): RelayPlan {
  return {
    peerUri: `qemu+tcp://${hostIdentities.A.address}:${proxyTcpPort}/system`,
    proxyListen: { path: layout.proxySocket },
    proxyUpstream: { path: `${layout.proxySocket}.upstream` },
  };
}

/** node (with tsx when running from source) and the relay's entry point next to this module. */
function relayCommand(): string[] {
  const fromSource = import.meta.url.endsWith('.ts');
  const main = fileURLToPath(new URL(fromSource ? './relay-main.ts' : './relay-main.js', import.meta.url));
  return [process.execPath, ...(fromSource ? ['--import', import.meta.resolve('tsx')] : []), main];
}

export async function startRelayProcess(nsenter: string, holderPid: number, layout: ScratchLayout, plan: RelayPlan,
  onPid: (pid: number) => Promise<void>): Promise<RealResult<number>> {
  const ready = `${layout.scratch}/relay.ready`;
  await rm(ready, { force: true });
  // A relay stopped by SIGKILL leaves its UNIX socket file behind; listen would then fail.
  if ('path' in plan.proxyUpstream) await rm(plan.proxyUpstream.path, { force: true });
  const rules = [
    `${formatEndpoint({ host: hostIdentities.A.address, port: proxyTcpPort })}=${formatEndpoint(plan.proxyListen)}`,
    `${formatEndpoint(plan.proxyUpstream)}=${formatEndpoint({ host: hostIdentities.B.address, port: libvirtdTcpPort })}`,
  ];
  const started = await startDetached({
    program: nsenter, args: ['--target', String(holderPid), '--net', '--', ...relayCommand(), ready, ...rules],
    outputFile: `${layout.scratch}/relay.out`, env: markerEnvironment(layout.scratch),
  });
  if ('error' in started) return fail('proxy-failed', `RPC proxy: relay did not start: ${started.error}`);
  await onPid(started.pid);
  const listening = await pollUntil(async () => {
    if ((await readFile(ready, 'utf8').catch(() => '')).trim() !== '') return 'ready' as const;
    return (await isAlive(started.pid)) ? null : ('exited' as const);
  }, limits.hostStartTimeoutMs);
  if (listening === 'ready') return ok(started.pid);
  await stopPids([started.pid]);
  const output = await readFile(`${layout.scratch}/relay.out`, 'utf8').catch(() => '');
  const why = listening === 'exited' ? 'relay exited' : `relay did not listen within ${limits.hostStartTimeoutMs} ms`;
  return fail('proxy-failed', `RPC proxy: ${why}: ${output.trim().split('\n').slice(-2).join(' | ')}`);
}
