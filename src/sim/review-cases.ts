// The five cases of the libvirt review (Eric Blake on the 1.0.3 NBD series; see matrix.ts): each
// pair as libvirt 1.0.3 shipped it (2013) and with today's libvirt. Pure data, so both
// `migsim tour` and the browser explorer read it.
import { reviewCaseNames, type ReviewCase } from './matrix.js';

export interface ReviewPair {
  readonly seedCase: ReviewCase;
  readonly name: string;
  readonly then: readonly [string, string];
  readonly today: readonly [string, string];
  readonly todayNote?: string;
}

const newest = 'libvirt=12.5.0,qemu=9.2.0';

const pairs: readonly Omit<ReviewPair, 'name'>[] = [
  { seedCase: 1, then: ['libvirt=1.0.2,qemu=1.3.0', 'libvirt=1.0.3,qemu=1.3.0'], today: ['libvirt=1.0.2,qemu=1.3.0', newest] },
  { seedCase: 2, then: ['libvirt=1.0.3,qemu=1.2.0', 'libvirt=1.0.3,qemu=1.3.0'], today: [`${newest},-blockdev-mirror,-drive-mirror`, newest],
    todayNote: 'today\'s libvirt needs QEMU >= 7.2, so the mirror commands are switched off to ask the question' },
  { seedCase: 3, then: ['libvirt=1.0.3,qemu=1.3.0', 'libvirt=1.0.2,qemu=1.3.0'], today: [newest, 'libvirt=1.0.2,qemu=1.3.0'] },
  { seedCase: 4, then: ['libvirt=1.0.3,qemu=1.3.0', 'libvirt=1.0.3,qemu=1.2.0'], today: [newest, `${newest},-nbd-server`],
    todayNote: 'nbd-server is switched off on the destination QEMU, as no supported QEMU lacks it' },
  { seedCase: 5, then: ['libvirt=1.0.3,qemu=1.3.0', 'libvirt=1.0.3,qemu=1.3.0'], today: [newest, newest] },
];

export const reviewPairs: readonly ReviewPair[] = pairs.map((p) => ({ ...p, name: reviewCaseNames[p.seedCase] }));

export type Era = 'then' | 'today';
