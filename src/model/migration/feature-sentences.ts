// Sentences about a received cookie's mandatory features (<feature name='...'/>), from the facts
// of the parse: which features this libvirt never checked, and which it only logged.
import type { CookieError } from '../cookie/errors.js';
import { featuresCheckedSince } from '../cookie/header.js';
import { formatVersion } from '../version.js';
import type { Decision, PhaseContext } from './types.js';

/**
 * What the receiving phase made of the cookie's mandatory features, when it is not simply "all
 * known and supported": a libvirt before 1.0.3 checks none of them (its parser asked for
 * './features'), and one from 1.0.3 to 1.2.x only logs a feature unsupported in this phase.
 */
export function featureDecisions(ctx: PhaseContext, unchecked: readonly string[], warnings: readonly CookieError[], cookieName: string): Decision[] {
  const version = formatVersion(ctx.self.profile.libvirt);
  const decisions: Decision[] = unchecked.map((name) => ({
    text: `accepts mandatory feature '${name}' of the ${cookieName} cookie unchecked: libvirt ${version} reads no <feature> (its parser looks for <features>, a typo fixed in ${formatVersion(featuresCheckedSince)})`,
    rule: 'qemuMigrationCookieXMLParse before 1.0.3 (69660042fb)',
  }));
  for (const warning of warnings) {
    decisions.push({ text: `reports "${warning.message}" and goes on: libvirt ${version} logs an unsupported feature of the ${cookieName} cookie without failing (fatal since 1.3.0)`, rule: 'qemuMigrationCookieXMLParseMandatoryFeatures before 1.3.0 (afb792bd38)' });
  }
  return decisions;
}
