// The guest on the source as the scenario has it: created transient, defined and started, or
// defined only (for --offline); and the destination's dir pool for `--destination-disk pool`.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { steps } from './command.js';
import { domainXml, poolXml } from './domain-xml.js';
import type { RealResult } from './errors.js';
import type { ScratchLayout } from './layout.js';
import { poolName } from './reset.js';
import type { RealScenario } from './scenario.js';
import { guestName } from './constants.js';
import { virsh } from './virsh.js';

export async function startGuest(virshPath: string, qemuPath: string, layout: ScratchLayout, scenario: RealScenario): Promise<RealResult<null>> {
  const source = { virsh: virshPath, host: layout.hosts.A };
  const target = { virsh: virshPath, host: layout.hosts.B };
  const domainFile = join(layout.scratch, 'guest.xml');
  const poolFile = join(layout.scratch, 'pool.xml');
  await writeFile(domainFile, domainXml(scenario, qemuPath));
  await writeFile(poolFile, poolXml());
  const guest = scenario.guest === 'running' ? [() => virsh(source, ['create', domainFile])]
    : [() => virsh(source, ['define', domainFile]), ...(scenario.guest === 'defined' ? [() => virsh(source, ['start', guestName])] : [])];
  const pool = scenario.destinationDisk === 'pool' ? [() => virsh(target, ['pool-define', poolFile]), () => virsh(target, ['pool-start', poolName])] : [];
  return steps([...pool, ...guest]);
}
