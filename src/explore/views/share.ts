// The link that restores this exact run (the URL hash holds the whole state), and the same run
// as a terminal command.
import type { App, View } from '../app-types.js';
import { code, fill, h } from '../dom.js';
import { cliCommand } from '../simulate.js';

export function mountShare(app: App): View {
  const url = h('input', { id: 'share-url', readonly: true, spellcheck: 'false' });
  const copied = h('span', { class: 'copied' });
  const copy = h('button', { type: 'button', id: 'share-copy' }, 'Copy link');
  copy.addEventListener('click', () => {
    url.select();
    // The clipboard API needs a secure context; a file:// page may not have one, so fall back to a selected field.
    const done = (ok: boolean): void => {
      const text = ok ? ' Copied.' : ' Selected: press Ctrl+C to copy.';
      fill(copied, text);
      app.announce(text.trim());
    };
    if (navigator.clipboard) navigator.clipboard.writeText(url.value).then(() => done(true), () => done(false));
    else done(false);
  });
  const cli = h('p', {});
  const element = h('section', { id: 'share', 'aria-labelledby': 'share-title' }, h('h2', { id: 'share-title' }, 'Share this run'),
    h('label', { for: 'share-url' }, 'Link to this exact run (setup, policy, seed, edited cookies, stream settings, step)'),
    h('div', { class: 'share-row' }, url, copy, copied), cli);
  return {
    element,
    update: (state) => {
      url.value = location.href;
      fill(copied, '');
      fill(cli, 'In a terminal: ', code(cliCommand(state)), state.edits.length > 0 ? ' (without the edited cookies, which only the page and fuzz case files replay)' : '');
    },
  };
}
