// Renders the error catalogues as the Markdown table of docs/errors.md.
import { errorCatalogSections } from './sections.js';

const raisedByText: Readonly<Record<string, string>> = {
  libvirt: 'libvirt', both: 'migsim limit (both policies)', strict: 'strict policy only',
  simulator: 'migsim', nbd: 'NBD layer', qemu: 'QEMU',
};

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

export function errorsMarkdown(): string {
  const lines = [
    '# Error codes',
    '',
    'Every code migsim reports, in one table per layer. Codes are stable: match on `code`, not on the message.',
    'Generated from the catalogues of every layer (`src/errors/sections.ts`) by `npx tsx scripts/docs-errors.ts`; a test keeps it in sync.',
    '',
  ];
  for (const section of errorCatalogSections) {
    lines.push(`## ${section.title}`, '', section.description, '', '| Code | Raised by | Message | Source |', '|---|---|---|---|');
    for (const entry of section.entries) {
      lines.push(`| \`${entry.code}\` | ${raisedByText[entry.raisedBy] ?? entry.raisedBy} | ${cell(entry.message)} | ${cell(entry.source)} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
