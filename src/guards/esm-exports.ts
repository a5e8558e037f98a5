import { Module } from '../node-module';

/**
 * ESM named imports of a builtin (`import { lookup } from 'node:dns'`) are snapshots of its exports until
 * `syncBuiltinESMExports`, which goes over every loaded builtin. A guard that patched exports asks for a sync here;
 * installing all guards together syncs once at the end instead of once per guard.
 */
class EsmExports {
  private batching = false;
  private wanted = false;

  /** Syncs now, or at the end of the batch being installed. */
  sync(): void {
    if (this.batching) this.wanted = true;
    else Module.syncBuiltinESMExports();
  }

  /** Runs `install` with every sync it asks for made once, after it. */
  batch(install: () => void): void {
    this.batching = true;
    try {
      install();
    } finally {
      this.batching = false;
      if (this.wanted) {
        this.wanted = false;
        Module.syncBuiltinESMExports();
      }
    }
  }
}

export const esmExports = new EsmExports();
