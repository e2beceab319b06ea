// Each host at the moment shown, as RaftScope shows its servers: what its libvirt is doing, its
// QEMU process, its NBD server and exports, its mirror jobs with their progress, and whether
// the guest runs there. Everything comes from the snapshot the simulated world recorded
// (src/sim/handshake/host-state.ts); nothing here works out a state of its own.
import type { Side } from '../../model/migration/types.js';
import { formatBytes } from '../../model/units.js';
import type { HostState, HostStates, QemuProcessState } from '../../sim/handshake/host-state.js';
import type { App, View } from '../app-types.js';
import { fill, h } from '../dom.js';
import { phaseTitle, sideName } from '../steps.js';

const qemuWords: Readonly<Record<QemuProcessState, string>> = {
  absent: 'no process',
  'incoming-paused': 'started with -incoming, paused, waiting for the guest',
  running: 'running the guest',
  paused: 'paused',
};

function libvirtLine(host: HostState, before: boolean): string {
  const { phase, status, cancelled } = host.libvirt;
  if (before || phase === null) return 'waiting';
  const name = `${phaseTitle[phase]}${cancelled ? ' (cleanup)' : ''}`;
  return status === 'in-phase' ? `in ${name}` : status === 'failed' ? `${name} failed` : `${name} done`;
}

function mirrorsCell(host: HostState): HTMLElement | string {
  if (host.mirrors.length === 0) return 'none';
  return h('span', {}, ...host.mirrors.map((job) => {
    const percent = job.totalBytes > 0 ? Math.floor((100 * job.copiedBytes) / job.totalBytes) : 0;
    return h('span', { class: 'mirror' }, `${job.disk} → ${job.target}: ${job.state === 'ready' ? 'READY' : 'copying'}, ${formatBytes(job.copiedBytes)} of ${formatBytes(job.totalBytes)} `,
      h('progress', { max: 100, value: percent, 'aria-label': `mirror of ${job.disk}: ${percent} % copied` }));
  }));
}

const serverCell = (host: HostState): string => {
  const server = host.nbdServer;
  if (!server) return 'none';
  return `port ${server.port}${server.exports.length > 0 ? `, exports ${server.exports.map((e) => `${e.disk} as '${e.name}'`).join(', ')}` : ', no export yet'}`;
};

/** Both hosts side by side, one row per part of the host. */
export function hostTable(hosts: HostStates, before: boolean): HTMLTableElement {
  const sides = ['source', 'target'] as const;
  const row = (label: string, cell: (host: HostState) => HTMLElement | string): HTMLTableRowElement =>
    h('tr', {}, h('th', { scope: 'row' }, label), ...sides.map((side) => h('td', { 'data-side': side }, cell(hosts[side]))));
  const guest = (side: Side): boolean => hosts.domainRunsOn.includes(side);
  return h('table', { class: 'host-table' },
    h('thead', {}, h('tr', {}, h('td', {}), ...sides.map((side) => h('th', { scope: 'col', class: guest(side) ? 'has-guest' : '', 'data-side': side },
      `${side === 'source' ? 'Source' : 'Destination'}${guest(side) ? ' · guest runs here' : ''}`)))),
    h('tbody', {},
      row('libvirt', (host) => libvirtLine(host, before)),
      row('QEMU', (host) => qemuWords[host.qemu]),
      row('NBD server', serverCell),
      row('Mirror jobs', mirrorsCell)));
}

export function mountHosts(_app: App): View {
  const caption = h('p', { class: 'hosts-caption' });
  const table = h('div', { class: 'table-wrap' });
  const element = h('section', { class: 'hosts', id: 'hosts', 'aria-labelledby': 'hosts-title' },
    h('h2', { id: 'hosts-title', class: 'pane-title' }, 'The hosts'), caption, table);
  return {
    element,
    update: (_state, derived) => {
      const moment = derived.moment;
      const hosts = moment?.event.hosts;
      element.hidden = !hosts;
      if (!moment || !hosts) return;
      const before = derived.slider === 0;
      const e = moment.event;
      const when = before ? 'Before the first phase'
        : e.kind === 'effect' ? `After ${e.effect.kind} on the ${sideName[e.side]}` : `At the ${e.kind === 'phase-start' ? 'start' : 'end'} of ${phaseTitle[e.phase]}`;
      const runsOn = hosts.domainRunsOn.map((s) => sideName[s]).join(' and ') || 'neither side (paused)';
      fill(caption, `${when}${before ? '' : `, ${e.atMs.toFixed(1)} ms`}. The guest runs on: ${runsOn}.`);
      fill(table, hostTable(hosts, before));
    },
  };
}
