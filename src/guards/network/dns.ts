import type * as Dns from 'node:dns';

import { isIP } from 'node:net';
import { isLoopbackHost, type NetworkTarget } from '../../core/network-target';
import type { TestScope } from '../../scope/test-scope';
import { builtinLoads } from '../builtin-loads';
import { applyPatch } from '../patch';
import { captureCallSite } from './call-site';
import { lookupOptionsOf } from './connect-args';
import { isRestricted, judgeOnce, scopeNow } from './judge';
import { UV_ENETUNREACH } from './native-handles';
import { pendingIntent } from './socket-intent';

type AnyFn = (this: unknown, ...args: any[]) => any;
type LookupAddress = { address: string; family: 4 | 6 };

/**
 * What a lookup inside a sized test is judged as: the connection it belongs to when a connect is
 * running synchronously (so a hostname connect is reported as `connection to host:port`), else the lookup itself.
 */
function targetOfLookup(hostname: string): { target: NetworkTarget; info: ReturnType<typeof captureCallSite> | undefined } {
  const intent = pendingIntent();
  if (intent && intent.target.host === hostname) return { target: intent.target, info: intent.info };
  return { target: { transport: 'dns', host: hostname }, info: undefined };
}

/** `localhost` and loopback names, answered without asking the system resolver, so no DNS packet can leave. */
function loopbackAnswer(family: 0 | 4 | 6): LookupAddress[] {
  const v4: LookupAddress = { address: '127.0.0.1', family: 4 };
  const v6: LookupAddress = { address: '::1', family: 6 };
  return family === 4 ? [v4] : family === 6 ? [v6] : [v4, v6];
}

type LookupDecision =
  | { readonly kind: 'real' }
  | { readonly kind: 'fail'; readonly error: Error }
  | { readonly kind: 'local'; readonly addresses: LookupAddress[]; readonly all: boolean };

const REAL: LookupDecision = { kind: 'real' };

function decideLookup(scope: TestScope | undefined, hostname: unknown, options: unknown): LookupDecision {
  // IP literals never reach a resolver: Node answers them itself.
  if (!isRestricted(scope) || typeof hostname !== 'string' || hostname === '' || isIP(hostname) !== 0) return REAL;
  const { target, info } = targetOfLookup(hostname);
  const verdict = judgeOnce(target, scope, () => info ?? captureCallSite());
  if (!verdict.allowed) return { kind: 'fail', error: verdict.error };
  if (!isLoopbackHost(hostname)) return REAL;
  const { family, all } = lookupOptionsOf(options);
  return { kind: 'local', addresses: loopbackAnswer(family), all };
}

function guardLookup(real: AnyFn): AnyFn {
  return function lookup(this: unknown, ...args: any[]): any {
    const callback = args[args.length - 1];
    if (typeof callback !== 'function') return real.apply(this, args);
    const decision = decideLookup(scopeNow(), args[0], args.length > 2 ? args[1] : undefined);
    if (decision.kind === 'real') return real.apply(this, args);
    if (decision.kind === 'fail') process.nextTick(callback, decision.error);
    else if (decision.all) process.nextTick(callback, null, decision.addresses);
    else process.nextTick(callback, null, decision.addresses[0]!.address, decision.addresses[0]!.family);
    return {};
  };
}

function guardPromisesLookup(real: AnyFn): AnyFn {
  return function lookup(this: unknown, ...args: any[]): any {
    const decision = decideLookup(scopeNow(), args[0], args[1]);
    if (decision.kind === 'real') return real.apply(this, args);
    if (decision.kind === 'fail') return Promise.reject(decision.error);
    return Promise.resolve(decision.all ? decision.addresses : decision.addresses[0]);
  };
}

/** `lookupService` asks for a reverse lookup (getnameinfo); loopback addresses resolve from the hosts file. */
function guardLookupService(real: AnyFn, promise: boolean): AnyFn {
  return function lookupService(this: unknown, ...args: any[]): any {
    const scope = scopeNow();
    const callback = args[args.length - 1];
    // Without a callback Node throws its own argument error and asks nothing: no attempt to judge.
    if (!isRestricted(scope) || typeof args[0] !== 'string' || (!promise && typeof callback !== 'function')) {
      return real.apply(this, args);
    }
    const target: NetworkTarget = { transport: 'dns', host: args[0] };
    const verdict = judgeOnce(target, scope, () => captureCallSite());
    if (verdict.allowed) return real.apply(this, args);
    if (promise) return Promise.reject(verdict.error);
    process.nextTick(callback, verdict.error);
    return {};
  };
}

/** A c-ares request as Node's resolvers build it: callback-style (`callback`) or promise-style (`resolve`/`reject`). */
interface QueryRequest {
  oncomplete?: (err: number | string, result?: unknown[], ttls?: number[]) => void;
  callback?: (err: Error) => void;
  reject?: (err: Error) => void;
}

function localQueryResult(method: string, name: string): unknown[] | undefined {
  if (method === 'queryA') return isIP(name) === 6 ? undefined : ['127.0.0.1'];
  if (method === 'queryAaaa') return isIP(name) === 4 ? undefined : ['::1'];
  if (method === 'getHostByAddr') return ['localhost'];
  return undefined;
}

/**
 * One chokepoint for every c-ares API: `dns.resolve*`, `dns.reverse`, `Resolver` instances and their
 * promise forms all call the ChannelWrap prototype. Refused queries fail through the request's own
 * callback or promise on a later tick, as a failed query would; loopback names get a local answer.
 */
function guardQuery(method: string): (real: AnyFn) => AnyFn {
  return (real) =>
    function query(this: unknown, ...args: any[]): any {
      const scope = scopeNow();
      const req = args[0] as QueryRequest;
      if (!isRestricted(scope) || typeof args[1] !== 'string') return real.apply(this, args);
      const name = args[1];
      const verdict = judgeOnce({ transport: 'dns', host: name }, scope, () => captureCallSite());
      if (!verdict.allowed) {
        const error = verdict.error;
        // Node 20 to 26 give every request one or the other, for each resolver and its promise form.
        const fail = (req.callback ?? req.reject)!;
        process.nextTick(() => fail.call(req, error));
        return 0;
      }
      if (!isLoopbackHost(name) || typeof req.oncomplete !== 'function') return real.apply(this, args);
      const result = localQueryResult(method, name);
      process.nextTick(() =>
        result
          ? req.oncomplete!.call(
              req,
              0,
              result,
              result.map(() => 0),
            )
          : req.oncomplete!.call(req, 'ENODATA'),
      );
      return 0;
    };
}

type NativeLookup = (this: unknown, req: object, name: unknown, ...rest: unknown[]) => number;

/**
 * `getaddrinfo` and `getnameinfo` on the `cares_wrap` binding: what `dns.lookup` and `dns.lookupService` call, and the
 * same object `process.binding('cares_wrap')` hands a test. Names `dns.lookup` already answered never arrive here.
 */
function guardSystemResolver(real: NativeLookup): NativeLookup {
  return function resolve(this: unknown, req, name, ...rest) {
    const scope = scopeNow();
    if (isRestricted(scope) && typeof name === 'string' && name !== '' && (isIP(name) === 0 || real.name === 'getnameinfo')) {
      const { target, info } = targetOfLookup(name);
      if (!judgeOnce(target, scope, () => info ?? captureCallSite()).allowed) return UV_ENETUNREACH;
    }
    return real.call(this, req, name, ...rest);
  };
}

type CaresBinding = Record<string, NativeLookup> & { ChannelWrap: { prototype: Record<string, AnyFn> } };

/**
 * The native resolvers, patched at start: the `cares_wrap` binding is loaded anyway, and every lookup and query reaches
 * it, so no DNS query leaves unjudged, whenever `node:dns` is loaded. `ChannelWrap.prototype` is shared by every
 * resolver's channel.
 */
export function patchDns(): Array<() => void> {
  const removers: Array<() => void> = [];
  const cares = (process as unknown as { binding(name: string): CaresBinding }).binding('cares_wrap');
  for (const method of ['getaddrinfo', 'getnameinfo']) {
    if (typeof cares[method] === 'function') removers.push(applyPatch<NativeLookup>(cares, method, guardSystemResolver));
  }
  const channel = cares.ChannelWrap.prototype;
  for (const method of Object.getOwnPropertyNames(channel)) {
    if ((method.startsWith('query') || method === 'getHostByAddr') && typeof channel[method] === 'function') {
      removers.push(applyPatch<AnyFn>(channel, method, guardQuery(method)));
    }
  }
  // `dns.lookup` answers loopback names itself and names the connection a lookup belongs to: patched once `node:dns` or
  // `node:dns/promises` is loaded (the latter's functions are `dns.promises`'s).
  const loadDns = (): typeof Dns => require('node:dns') as typeof Dns;
  removers.push(
    builtinLoads.patchWhenUsed('dns', loadDns, patchLookups, true),
    builtinLoads.patchWhenUsed('dns/promises', loadDns, patchLookups, true),
  );
  return removers;
}

function patchLookups(dns: typeof Dns): Array<() => void> {
  return [
    applyPatch<AnyFn>(dns, 'lookup', guardLookup),
    applyPatch<AnyFn>(dns, 'lookupService', (real) => guardLookupService(real, false)),
    applyPatch<AnyFn>(dns.promises, 'lookup', guardPromisesLookup),
    applyPatch<AnyFn>(dns.promises, 'lookupService', (real) => guardLookupService(real, true)),
  ];
}
