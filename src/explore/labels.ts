// Short words for the diagram and the matrix, where a full sentence does not fit: what an
// effect did, what a cookie says about NBD, and how a run ended. The full text is always one
// click or one tooltip away.
import type { Effect, StoragePath } from '../model/migration/types.js';
import type { HandshakeOutcome } from '../sim/handshake/run.js';
import type { EffectEvent } from './steps.js';

export function effectLabel(effect: Effect): string {
  switch (effect.kind) {
    case 'start-incoming': return 'QEMU -incoming';
    case 'nbd-server-start': return `NBD server :${effect.port}`;
    case 'nbd-export-add': return `export ${effect.disk}`;
    case 'mirror-start': return `${effect.command} ${effect.disk} → :${effect.port}`;
    case 'mirror-wait-ready': return 'wait for READY';
    case 'migrate': return `migrate${effect.blk ? ' blk' : ''}${effect.inc ? ' inc' : ''}`;
    case 'mirror-complete': return 'finish mirror';
    case 'mirror-cancel': return 'cancel block jobs';
    case 'nbd-server-stop': return 'stop NBD server';
    case 'resume': return 'cont (resume)';
    case 'stop-qemu': return 'stop QEMU';
    case 'create-volume': return `create ${effect.disk}`;
    case 'define-domain': return effect.persistent ? 'define (persistent)' : 'define';
  }
}

export function resultMark(event: EffectEvent): string {
  if (event.result === 'ok') return '✓';
  // The code is on the phase's failure note and in the tooltip; here it would not fit.
  return event.result === 'ignored' ? '(ignored)' : '✗';
}

/** What a cookie tells about NBD, e.g. `<nbd port=49153>`, `<nbd>`, `no <nbd>`, `2 × <nbd>`. */
export function nbdSummary(xml: string): string {
  const all = [...xml.matchAll(/<nbd(?:\s[^>]*?port='([^']*)')?[\s/>]/g)];
  const first = all[0];
  if (!first) return 'no <nbd>';
  const one = first[1] !== undefined ? `<nbd port=${first[1]}>` : '<nbd>';
  return all.length > 1 ? `${all.length} × <nbd>, first ${one}` : one;
}

export const storageWords: Readonly<Record<StoragePath, string>> = {
  nbd: 'NBD mirror',
  legacy: 'legacy blk/inc (QEMU block migration inside migrate)',
  none: 'no storage copied',
};

/** `NBD mirror`, `legacy blk/inc`, `none`, or `failed in Perform: nbd-not-set-up`. */
export function outcomeHeadline(outcome: HandshakeOutcome): string {
  if (outcome.result === 'completed') return `Completed: ${storageWords[outcome.storage]}`;
  const phase = outcome.error.phase;
  return `Failed in ${phase[0]?.toUpperCase() ?? ''}${phase.slice(1)}: ${outcome.error.code}`;
}
