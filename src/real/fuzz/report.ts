// `real fuzz` as text: a line per case as it ends, then the campaign: how many cases, how fast,
// how the real verdicts compared with the reference codec's (agreement apart from the listed
// deviations), the invariants the real hosts broke and whether the model predicts them, the
// harness errors and the failures with their case files.
import type { CaseResult, FuzzCampaign } from './campaign.js';
import type { RealFuzzCase } from './fuzz-case.js';
import { verdictText } from './verdict.js';

export function faultText(item: RealFuzzCase): string {
  const { fault } = item;
  const edits = fault.kind === 'mutate'
    ? fault.edits.map((e) => (e.kind === 'set-attribute' ? `set ${e.name}='${e.value}'` : e.kind === 'set-text' ? `set text '${e.text.slice(0, 20)}'` : e.kind)).join(', ')
    : fault.edits.map((e) => e.kind).join(', ');
  return `${item.point} cookie, ${fault.kind === 'mutate' ? 'structure' : 'bytes'}: ${edits}`;
}

export function caseLine(result: CaseResult): string {
  const head = `case ${result.index} [${result.item.variant}] ${faultText(result.item)}: ${result.outcome}, ${(result.durationMs / 1000).toFixed(1)} s`;
  if (result.harnessError !== null) return `${head}\n    HARNESS ERROR: ${result.harnessError}\n`;
  const j = result.judgement;
  if (j === null) return `${head}\n`;
  const verdicts = `    ${j.receiver}: real ${verdictText(j.real)}; reference ${verdictText(j.reference)}${j.deviation ? ` (deviation ${j.deviation})` : ''}`;
  const invariants = j.invariants.real.length > 0 ? `\n    real hosts: ${j.invariants.real.join(', ')}${j.invariants.unexplained.length === 0 ? ' (the model predicts it)' : ''}` : '';
  return `${head}\n${verdicts}${invariants}${j.failure ? `\n    FAILURE: ${j.failure}` : ''}\n`;
}

export interface FuzzTotals {
  readonly cases: number;
  readonly judged: number;
  readonly agreed: number;
  readonly explained: Readonly<Record<string, number>>;
  readonly disagreed: number;
  readonly invariantFailures: number;
  readonly knownFindings: Readonly<Record<string, number>>;
  readonly harnessErrors: number;
  readonly failures: number;
  /** Agreeing verdicts over the judged cases no deviation explains, in percent. */
  readonly agreementPercent: number;
  readonly casesPerMinute: number;
  readonly elapsedMs: number;
  readonly verdicts: Readonly<Record<string, number>>;
}

export function totals(campaign: FuzzCampaign): FuzzTotals {
  const explained: Record<string, number> = {};
  const known: Record<string, number> = {};
  const verdicts: Record<string, number> = {};
  let agreed = 0;
  let disagreed = 0;
  let invariantFailures = 0;
  for (const result of campaign.results) {
    const j = result.judgement;
    if (j === null) continue;
    const key = j.real.kind === 'refused' ? `refused ${j.real.code}` : j.real.kind;
    verdicts[key] = (verdicts[key] ?? 0) + 1;
    if (j.agree) agreed += 1;
    else if (j.deviation !== null) explained[j.deviation] = (explained[j.deviation] ?? 0) + 1;
    else disagreed += 1;
    if (j.invariants.unexplained.length > 0) invariantFailures += 1;
    else for (const f of j.invariants.real) known[f] = (known[f] ?? 0) + 1;
  }
  const judged = campaign.results.filter((r) => r.judgement !== null).length;
  const counted = agreed + disagreed;
  return {
    cases: campaign.results.length, judged, agreed, explained, disagreed, invariantFailures, knownFindings: known,
    harnessErrors: campaign.results.filter((r) => r.harnessError !== null).length,
    failures: campaign.results.filter((r) => r.caseFile !== null).length,
    agreementPercent: counted === 0 ? 100 : (100 * agreed) / counted,
    casesPerMinute: campaign.elapsedMs === 0 ? 0 : (campaign.results.length * 60_000) / campaign.elapsedMs,
    elapsedMs: campaign.elapsedMs, verdicts,
  };
}

const counts = (record: Readonly<Record<string, number>>): string => Object.entries(record).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';

export function summaryText(t: FuzzTotals, header: string): string {
  return `${header}\n`
    + `  ${t.cases} cases in ${(t.elapsedMs / 1000).toFixed(0)} s (${t.casesPerMinute.toFixed(1)} cases/min), ${t.harnessErrors} harness errors\n`
    + `  real verdicts: ${counts(t.verdicts)}\n`
    + `  verdicts vs the reference codec: ${t.agreed} agree, ${Object.values(t.explained).reduce((a, b) => a + b, 0)} explained by deviations (${counts(t.explained)}), ${t.disagreed} disagree: `
    + `agreement ${t.agreementPercent.toFixed(1)} % apart from listed deviations\n`
    + `  invariants on the real hosts the model predicts: ${counts(t.knownFindings)}; cases where they differ: ${t.invariantFailures}\n`
    + `  failures: ${t.failures}\n`;
}
