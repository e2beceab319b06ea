// Flags that `fuzz` and `fuzz merge` share, one definition each.
import { coverageKinds } from '../fuzz/targets.js';
import { option, toggle } from './command.js';
import { kind, list, text } from './values.js';

const coverageItem = (item: string): { ok: true; value: string } | { ok: false; why: string } => {
  const colon = item.indexOf(':');
  const known = (coverageKinds as readonly string[]).includes(item.slice(0, colon));
  return colon > 0 && colon < item.length - 1 && known ? { ok: true, value: item } : { ok: false, why: 'is not KIND:ITEM with a known kind' };
};

export const requireFlag = option('ITEMS', list(`KIND:ITEM items, KIND one of ${coverageKinds.join(', ')}`, coverageItem, 256),
  'fail unless these coverage items were hit, e.g. phase:confirm,fault:drop,code:nbd-not-set-up');
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
