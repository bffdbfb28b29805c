/**
 * Blocking calls (facts/flow-data.ts BLOCKING_CALLS) with an asynchronous equivalent that returns
 * the same value, which the bounded-message-queue codemod awaits inside a queued listener. Calls
 * left out have none: `existsSync` (no promise form), the descriptor calls (`openSync`, `readSync`:
 * the promise API works on FileHandle objects), `spawnSync` (another result shape).
 */
export interface AsyncEquivalent {
  /** The module names the blocking export comes from. */
  readonly modules: readonly string[];
  readonly sync: string;
  readonly async: string;
  /**
   * How the asynchronous one is reached: `promises` (the module's `/promises` sibling, or the
   * `promises` member of a namespace import), or `promisify` (`util.promisify` of the callback form).
   */
  readonly via: 'promises' | 'promisify';
  /** Calls with more arguments keep their blocking form (their options would need merging). */
  readonly maxArguments?: number;
  /** Appended as the last argument, so that the result has the blocking call's type. */
  readonly extraArgument?: string;
  /** The member of the asynchronous result that the blocking call returned. */
  readonly resultMember?: string;
}

const FS = ['fs', 'node:fs'];
const FS_PROMISES = [
  'readFile', 'writeFile', 'appendFile', 'readdir', 'stat', 'lstat', 'access', 'mkdir', 'mkdtemp', 'rm', 'rmdir', 'unlink', 'rename',
  'copyFile', 'readlink', 'realpath', 'symlink', 'chmod', 'chown', 'utimes', 'truncate',
];
const ZLIB = ['zlib', 'node:zlib'];
const ZLIB_CALLBACKS = ['gzip', 'gunzip', 'deflate', 'inflate', 'deflateRaw', 'inflateRaw', 'unzip', 'brotliCompress', 'brotliDecompress'];
const CRYPTO = ['crypto', 'node:crypto'];
const CHILD_PROCESS = ['child_process', 'node:child_process'];

export const ASYNC_EQUIVALENTS: readonly AsyncEquivalent[] = [
  ...FS_PROMISES.map((name) => ({ modules: FS, sync: `${name}Sync`, async: name, via: 'promises' as const })),
  ...ZLIB_CALLBACKS.map((name) => ({ modules: ZLIB, sync: `${name}Sync`, async: name, via: 'promisify' as const })),
  { modules: CRYPTO, sync: 'pbkdf2Sync', async: 'pbkdf2', via: 'promisify' },
  { modules: CRYPTO, sync: 'scryptSync', async: 'scrypt', via: 'promisify' },
  { modules: CRYPTO, sync: 'generateKeyPairSync', async: 'generateKeyPair', via: 'promisify' },
  // execSync(command) returns stdout as a Buffer; the promisified exec resolves { stdout, stderr }
  // (strings unless asked for buffers). Its stderr is captured, where execSync's went to the parent's.
  { modules: CHILD_PROCESS, sync: 'execSync', async: 'exec', via: 'promisify', maxArguments: 1, extraArgument: "{ encoding: 'buffer' }", resultMember: 'stdout' },
];

/** The module that holds the promise versions of `module`'s exports (`node:fs` → `node:fs/promises`). */
export function promisesModule(module: string): string {
  return `${module}/promises`;
}
