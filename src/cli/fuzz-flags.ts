// Flags that `fuzz` and `fuzz merge` share, one definition each.
import { requiredItem } from '../fuzz/campaign/coverage.js';
import { coverageKinds, coverageKindsByTarget, targetNames, type TargetName } from '../fuzz/targets.js';
import { option, toggle } from './command.js';
import { kind, list, text } from './values.js';

const coverageItem = (entry: string): { ok: true; value: string } | { ok: false; why: string } => {
  const { target, item } = requiredItem(entry);
  const colon = item.indexOf(':');
  const itemKind = item.slice(0, colon);
  if (colon <= 0 || colon === item.length - 1 || !(coverageKinds as readonly string[]).includes(itemKind)) return { ok: false, why: 'is not [TARGET/]KIND:ITEM with a known kind' };
  if (target === null) return { ok: true, value: entry };
  if (!(targetNames as readonly string[]).includes(target)) return { ok: false, why: `names no target (TARGET is one of ${targetNames.join(', ')})` };
  const kinds: readonly string[] = coverageKindsByTarget[target as TargetName];
  return kinds.includes(itemKind) ? { ok: true, value: entry } : { ok: false, why: `names a kind the ${target} target never reports (it reports ${kinds.join(', ')})` };
};

export const requireFlag = option('ITEMS', list(`[TARGET/]KIND:ITEM items, KIND one of ${coverageKinds.join(', ')}`, coverageItem, 256),
  'fail unless these coverage items were hit (by TARGET alone when given), e.g. handshake/phase:confirm,fault:drop,code:nbd-not-set-up');
export const junitFlag = option('FILE', text('a file path'), 'also write a JUnit XML report');
export const jsonFlag = toggle('print the summary as one JSON object');

/** K/N with 1 <= K <= N <= shardsMax. */
export const shardsMax = 1000;
export function shardValue(value: string): { ok: true; value: { index: number; total: number } } | { ok: false; why: string } {
  const match = /^(\d{1,4})\/(\d{1,4})$/.exec(value);
  const [index, total] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  return match && index >= 1 && index <= total && total <= shardsMax ? { ok: true, value: { index, total } } : { ok: false, why: 'is not a shard' };
}
export const shardFlag = option('K/N', kind(`K/N with 1 <= K <= N <= ${shardsMax}, e.g. 2/4`, shardValue),
  "this job's share of a campaign split over N jobs (default from GitLab's CI_NODE_INDEX/CI_NODE_TOTAL when set)");
