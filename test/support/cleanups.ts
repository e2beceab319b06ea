// Tests that start servers, open sockets or write scratch files register how to undo each one;
// after every test the undo steps run newest first, whatever the test did, and after the file
// no peer process may still be alive (servers are stopped by PID, never left to the OS).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect } from 'vitest';
import { livePeerPids } from '../../src/io/peers/process.js';

export interface Cleanups {
  /** Runs `undo` after the current test. */
  defer(undo: () => Promise<unknown> | unknown): void;
  /** A private directory removed after the current test. */
  scratch(): Promise<string>;
}

export function useCleanups(): Cleanups {
  const pending: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    for (const undo of pending.splice(0).reverse()) await undo();
  });
  afterAll(() => {
    expect(livePeerPids()).toEqual([]);
  });
  const defer = (undo: () => Promise<unknown> | unknown): void => {
    pending.push(undo);
  };
  return {
    defer,
    async scratch() {
      const directory = await mkdtemp(join(tmpdir(), 'migsim-test-'));
      defer(() => rm(directory, { recursive: true, force: true }));
      return directory;
    },
  };
}
