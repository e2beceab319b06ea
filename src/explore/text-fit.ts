// Fitting diagram labels into the SVG without measuring them in a browser (the diagram is a
// string, drawn the same in Node for tests and exports): a generous estimate of a label's width
// and a word wrap to a width. The estimate errs wide on purpose; the end-to-end test measures
// the real boxes in Chromium and checks that no text leaves the diagram.

/** Every label of the diagram is this size in SVG units: 12 px or more once the diagram is at least as wide on screen as its view box. */
export const labelPx = 12;

/** Average advance per character in em, for the wide sans-serif fonts browsers fall back to (DejaVu Sans). */
const emPerChar = { normal: 0.64, bold: 0.7 } as const;

export function textWidth(label: string, bold = false, px = labelPx): number {
  return [...label].length * px * emPerChar[bold ? 'bold' : 'normal'];
}

/** The label in as few lines as fit `maxWidth`, broken at spaces (a word longer than a line is cut). */
export function wrapText(label: string, maxWidth: number, bold = false, px = labelPx): string[] {
  const fits = (text: string): boolean => textWidth(text, bold, px) <= maxWidth;
  if (fits(label)) return [label];
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    line = word;
    while (!fits(line)) {
      const chars = [...line];
      const keep = Math.max(1, Math.floor(maxWidth / (px * emPerChar[bold ? 'bold' : 'normal'])));
      lines.push(chars.slice(0, keep).join(''));
      line = chars.slice(keep).join('');
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
