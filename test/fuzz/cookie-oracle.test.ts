// Goal: the slow-parse oracle flags a parse that stays slow and forgives one slow moment.
// Method: judge a valid cookie with clocks stepped on purpose instead of real time.
import { describe, expect, it } from 'vitest';
import { cookieParseTimeMsMax, judgeCookie } from '../../src/fuzz/oracles/cookie.js';
import { readProjectFile } from '../support/corpus.js';
import { frozenClock, steppingClock } from '../support/clock.js';

const cookie = readProjectFile('corpus/cookies/valid/libvirt-9.0-begin.xml');
const context = { phase: 'all' as const, libvirt: '9.0.0', domain: { name: 'migsim-demo', uuid: 'c7a5fdbd-edaf-9455-926a-d65c16db1809' } };

describe('the slow-parse oracle', () => {
  it('stays quiet on a fast clock', () => {
    expect(judgeCookie(cookie, context, { mustAccept: false, now: frozenClock }).failures).toEqual([]);
  });

  it('flags a parse that is slow on every attempt', () => {
    const report = judgeCookie(cookie, context, { mustAccept: false, now: steppingClock(cookieParseTimeMsMax + 1) });
    expect(report.failures.map((f) => f.oracle)).toContain('slow-parse');
    expect(report.failures.find((f) => f.oracle === 'slow-parse')?.message).toMatch(/fastest of 3 attempts/);
  });

  it('forgives one slow attempt when the re-timing is fast', () => {
    const reads = [0, cookieParseTimeMsMax + 50];
    let last = reads[1] ?? 0;
    const clock = (): number => reads.shift() ?? last++;
    expect(judgeCookie(cookie, context, { mustAccept: false, now: clock }).failures).toEqual([]);
  });
});
