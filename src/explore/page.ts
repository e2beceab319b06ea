// The single HTML file of the explorer: the stylesheet and the script inlined, and a content
// security policy that forbids every network request, so the page works the same from
// `migsim explore` and from a file:// URL with no network. The one exception is `worker-src
// blob:`: the page starts its own script again as a worker from a blob: URL (worker/client.ts),
// which fetches nothing.
const csp = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; worker-src blob:; base-uri 'none'; form-action 'none'";

/** `</script` inside the script would end the element early. */
function inlineScript(js: string): string {
  return js.replace(/<\/script/gi, '<\\/script');
}

/**
 * The bundle inside a named function: the page calls it, and hands its text (from
 * Function.prototype.toString, which is quick, unlike reading a long script element's text) to
 * the worker it starts (worker/client.ts).
 */
export const pageFunction = 'migsimExplorer';

export function explorerHtml(js: string, css: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>migsim explorer: libvirt's migration handshake</title>
<style>
${css}
</style>
</head>
<body>
<a class="skip-link" id="skip-link" href="#run">Skip to the run</a>
<header class="page-header">
<h1>migsim explorer: libvirt's live-migration handshake</h1>
<p>Watch the phases, the cookies and every decision of a migration, with the libvirt rule behind each. The page runs migsim's simulator itself: no server, no network.</p>
</header>
<main id="app"><p>Loading the simulator…</p></main>
<noscript><p>The explorer runs the simulator in JavaScript; please enable it, or use <code>npx migsim explain</code>.</p></noscript>
<script>
function ${pageFunction}() {
${inlineScript(js)}
}
${pageFunction}();
</script>
</body>
</html>
`;
}
