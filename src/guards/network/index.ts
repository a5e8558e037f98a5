import type { TestScope } from '../../scope/test-scope';
import { esmExports } from '../esm-exports';
import type { Guard } from '../guard';
import { patchDgramWhenUsed } from './dgram';
import { patchDns } from './dns';
import { patchHandles } from './handle-layer';
import { Http2Sessions } from './http2-sessions';
import { patchListen } from './listen';
import { patchSocketConnect } from './socket-intent';
import { patchStreamWrites } from './stream-writes';
import { patchWorkersWhenUsed } from './worker-threads';

/**
 * The NetworkGuard: decides at the native handles (TCP, Pipe, UDP) and at DNS, on the target the
 * caller asked for (recorded at `net.Socket.prototype.connect` and in `dgram`), judges every write
 * on a connection by the test writing (HTTP/2 sessions at their requests), stops small tests' servers before they listen, and carries the size into worker threads. Nothing per test: the scope
 * answers each attempt (nock is the Mocha plugin's to keep in line with the size). See docs/architecture/adr-001-network-isolation.md.
 */
class NetworkGuard implements Guard {
  readonly name = 'network';
  /** What install patched, to restore in reverse; undefined while not installed. */
  private removers: Array<() => void> | undefined;
  /** HTTP/2 sessions, patched once the user's code has loaded `node:http2`. */
  private readonly http2Sessions = new Http2Sessions();
  /** Only where an import of `http2` can go unseen: each test then looks for it as it starts. Elsewhere no work per test. */
  enter?: (scope: TestScope) => void;

  install(): void {
    if (this.removers) return;
    this.removers = [
      patchSocketConnect(),
      ...patchHandles(),
      ...patchStreamWrites(),
      ...patchListen(),
      patchDgramWhenUsed(),
      ...patchDns(),
      patchWorkersWhenUsed(),
      this.http2Sessions.watch(),
    ];
    const sessions = this.http2Sessions;
    this.enter = sessions.needsEnter ? (scope) => sessions.enter(scope) : undefined;
    // ESM named imports (`import { lookup } from 'node:dns'`) are snapshots until synced.
    esmExports.sync();
  }

  uninstall(): void {
    if (!this.removers) return;
    this.http2Sessions.uninstall();
    this.enter = undefined;
    for (const remove of this.removers.reverse()) remove();
    this.removers = undefined;
    esmExports.sync();
  }
}

export const networkGuard: Guard = new NetworkGuard();
