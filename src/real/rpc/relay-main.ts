// Entry point of the relay process (relay.ts): `relay-main.ts READY_FILE LISTEN=CONNECT...`,
// endpoints as tcp:HOST:PORT or unix:PATH. Writes READY_FILE once every rule listens (the
// harness waits for that file), and runs until it is stopped by PID (SIGTERM).
import { writeFileSync } from 'node:fs';
import { parseEndpoint, startRelay, type RelayRule } from './relay.js';

const [readyFile, ...ruleTexts] = process.argv.slice(2);
const rules: RelayRule[] = [];
for (const text of ruleTexts) {
  const [listen, connect] = text.split('=').map(parseEndpoint);
  if (!listen || !connect) {
    process.stderr.write(`relay: '${text}' is not LISTEN=CONNECT (tcp:HOST:PORT or unix:PATH)\n`);
    process.exit(2);
  }
  rules.push({ listen, connect });
}
if (readyFile === undefined || rules.length === 0) {
  process.stderr.write('usage: relay-main.ts READY_FILE LISTEN=CONNECT...\n');
  process.exit(2);
}
const started = await startRelay(rules);
if ('error' in started) {
  process.stderr.write(`relay: ${started.error}\n`);
  process.exit(1);
}
// Stopped by PID with SIGTERM: close the listeners first, which removes the UNIX socket files.
process.once('SIGTERM', () => {
  for (const server of started.servers) server.close();
  process.exit(0);
});
writeFileSync(readyFile, `${process.pid}\n`);
