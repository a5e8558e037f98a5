import { enterNock } from '../../adapters/nock';
import { Module } from '../../node-module';
import type { Guard } from '../guard';
import { patchDgram } from './dgram';
import { patchDns } from './dns';
import { patchHandles } from './handle-layer';
import { patchKeepAliveWrites } from './keep-alive';
import { patchSocketConnect } from './socket-intent';
import { patchWorkers } from './worker-threads';

let removers: Array<() => void> | undefined;

/**
 * The NetworkGuard: decides at the native handles (TCP, Pipe, UDP) and at DNS, on the target the
 * caller asked for (recorded at `net.Socket.prototype.connect` and in `dgram`), re-checks pooled
 * keep-alive sockets on write, carries the size into worker threads, and keeps nock in line with
 * the size. See docs/architecture/adr-001-network-isolation.md.
 */
export const networkGuard: Guard = {
  name: 'network',
  install(): void {
    if (removers) return;
    removers = [patchSocketConnect(), ...patchHandles(), ...patchKeepAliveWrites(), ...patchDgram(), ...patchDns(), patchWorkers()];
    // ESM named imports (`import { lookup } from 'node:dns'`) are snapshots until synced.
    Module.syncBuiltinESMExports();
  },
  uninstall(): void {
    if (!removers) return;
    for (const remove of removers.reverse()) remove();
    removers = undefined;
    Module.syncBuiltinESMExports();
  },
  // nock is the network guard's only per-test work: its own function, so starting a test makes one call fewer.
  enter: enterNock,
};
