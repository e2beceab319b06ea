// The RPC proxy on the link for one p2p run: the in-process proxy with the user's rewrite and,
// for the TCP transport, the relay in the source's namespace; and what URI the source daemon
// must open to go through them.
import type { ToolPaths } from '../preconditions.js';
import type { ScratchLayout } from '../layout.js';
import { fail, ok, type RealResult } from '../errors.js';
import { stopPids } from '../processes.js';
import { addExtraPid, removeExtraPid } from '../state-update.js';
import type { CookieRewrite } from './cookies.js';
import { startProxy, type RpcProxy } from './proxy.js';
import { relayPlan, startRelayProcess } from './relay-process.js';

export type ProxyTransport = 'tcp' | 'unix';

export interface RpcLink {
  readonly peerUri: string;
  readonly proxy: RpcProxy;
  close(): Promise<void>;
}

export interface RpcLinkOptions {
  readonly layout: ScratchLayout;
  readonly tools: ToolPaths;
  readonly sourceHolderPid: number | null;
  readonly rewrite: CookieRewrite;
  readonly captureFrames: boolean;
  readonly transport: ProxyTransport;
}

export async function openRpcLink(options: RpcLinkOptions): Promise<RealResult<RpcLink>> {
  const { layout, transport } = options;
  const plan = relayPlan(layout);
  const proxy = await startProxy({
    listen: plan.proxyListen, upstream: transport === 'tcp' ? plan.proxyUpstream : { path: layout.hosts.B.socket },
    rewrite: options.rewrite, captureFrames: options.captureFrames,
  });
  if (!proxy.ok) return proxy;
  if (transport === 'unix') {
    return ok({ peerUri: `qemu+unix:///system?socket=${layout.proxySocket}`, proxy: proxy.value, close: () => proxy.value.close() });
  }
  if (options.sourceHolderPid === null) {
    await proxy.value.close();
    return fail('proxy-failed', 'RPC proxy: the source host has no namespace holder to start the relay in');
  }
  const relay = await startRelayProcess(options.tools.nsenter, options.sourceHolderPid, layout, plan, (pid) => addExtraPid(layout.stateFile, pid));
  if (!relay.ok) {
    await proxy.value.close();
    return relay;
  }
  return ok({
    peerUri: plan.peerUri, proxy: proxy.value,
    close: async () => {
      await proxy.value.close();
      await stopPids([relay.value]);
      await removeExtraPid(layout.stateFile, relay.value);
    },
  });
}
