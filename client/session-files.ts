import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  realpathSync,
  statSync,
} from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { ExchangeError, UsageError } from "../core/errors";
import { hasCode } from "../core/errors";
import { FILE_LIMITS, readBoundedText, type FileRefusedError } from "../core/bounded-file";
import { checkName, placeUnder, PROFILE_NAME, type PlaceRule } from "../core/place";
import { removeQuietly } from "../core/secret-file";

/** The files a session may hold, in `sessions/<profile>`: the UPST's key and token, the RPST's token and key. */
export const SESSION_FILES = ["oci_api_key.pem", "token", "rpst", "rpst_private_key.pem"] as const;

/** Where a profile's files go. */
export interface SessionPaths {
  /** The OCI config file, symlinks resolved (we replace the file, not the link). */
  readonly configFile: string;
  /** `<config dir>/sessions/<profile>`, as `oci session authenticate` lays it out. */
  readonly sessionDir: string;
  /** PKCS#8 private key, `key_file`. */
  readonly keyFile: string;
  /** The UPST, `security_token_file`. */
  readonly tokenFile: string;
}

/** `~` and `~/x` expanded, relative paths resolved against `cwd`. */
export function expandPath(path: string, home: string, cwd: string): string {
  if (path === "~") return home;
  if (path.startsWith("~/")) return join(home, path.slice(2));
  return isAbsolute(path) ? path : resolve(cwd, path);
}

/**
 * Works out the paths for a profile and checks, before anything is sent, that they can be written: an existing
 * config file must be readable, and the directories must exist and be writable or be creatable. Nothing is
 * created yet ({@link makeSessionDirs} does that just before the files are written), so a failed run leaves no
 * trace. Returns the paths, the config file's current text ("" when it does not exist yet) and its mode.
 *
 * @throws UsageError naming the path that cannot be used
 */
export function prepareSession(
  configFile: string,
  profile: string,
  profileLabel = "--profile",
): { paths: SessionPaths; configText: string; configMode: number } {
  checkName(profile, PROFILE_NAME, profileLabel);
  let target = configFile;
  try {
    target = realpathSync(configFile);
  } catch {
    // Does not exist yet: it will be created where it was asked for.
  }
  const root = dirname(target);
  const sessionDir = join(root, "sessions", profile);
  const paths: SessionPaths = {
    configFile: target,
    sessionDir,
    keyFile: join(sessionDir, "oci_api_key.pem"),
    tokenFile: join(sessionDir, "token"),
  };
  for (const dir of [dirname(target), sessionDir]) {
    const existing = nearestExisting(dir);
    try {
      if (!statSync(existing).isDirectory()) throw Object.assign(new Error(), { code: "ENOTDIR" });
      accessSync(existing, constants.W_OK | constants.X_OK);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      throw new UsageError(`cannot write under ${existing} (${code}); nothing was sent. Check --config-file.`);
    }
  }
  // sessions/<profile> and its files are ours: no link may sit there (a planted one would have us write the key
  // and token, or chmod a folder, wherever it points).
  const rule = (kind: PlaceRule["kind"]): PlaceRule => ({
    rootName: `the OCI config's folder (${root})`,
    expected: `a profile whose sessions/${profile} is a plain folder`,
    kind,
    write: true,
  });
  placeUnder(root, `sessions/${profile}`, rule("directory"), "the session folder");
  for (const name of SESSION_FILES) placeUnder(sessionDir, name, rule("file"), "the session file");
  const { text: configText, mode: configMode } = readConfigFile(target, "nothing was sent");
  return { paths, configText, configMode };
}

/**
 * The config file's text and permission bits: `""` and 0600 (what a new one gets) when it does not exist.
 * @param consequence what the error message says about the run, e.g. "nothing was sent"
 * @throws UsageError when it exists but cannot be read
 */
export function readConfigFile(path: string, consequence: string): { text: string; mode: number } {
  try {
    return { text: readBoundedText(path, FILE_LIMITS.config), mode: statSync(path).mode & 0o777 };
  } catch (err) {
    if (hasCode<FileRefusedError>(err, "WIF-E-FILE"))
      throw new UsageError(`${path}: ${err.reason}; ${consequence}. Check --config-file.`);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { text: "", mode: 0o600 };
    throw new UsageError(`${path}: cannot be read (${code ?? String(err)}); ${consequence}. Check --config-file.`);
  }
}

/**
 * Creates the config directory (if missing) and `sessions/<profile>`, new directories with mode 0700, and makes
 * the session directory private: it is ours alone. An existing config directory is left as it is, since other
 * tools share it.
 */
export function makeSessionDirs(paths: SessionPaths): void {
  mkdirSync(dirname(paths.configFile), { recursive: true, mode: 0o700 });
  mkdirSync(paths.sessionDir, { recursive: true, mode: 0o700 });
  chmodSync(paths.sessionDir, 0o700);
}

function nearestExisting(dir: string): string {
  let d = dir;
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  return d;
}

/** A lock older than this is left over from a run that was killed, and is taken over. */
const STALE_LOCK_MS = 60_000;

/**
 * Runs `fn` while holding `<path>.lock`, so two runs that update the same config file at once (parallel jobs
 * on one self-hosted runner) neither lose each other's profile nor leave a key paired with another run's token.
 * Waits up to `attempts × 100 ms` for another run to finish.
 *
 * @throws ExchangeError when the lock stays taken
 */
export async function withFileLock<T>(
  path: string,
  fn: () => T,
  clock: { readonly now: () => number; readonly delay: (ms: number) => Promise<void> },
  attempts = 100,
): Promise<T> {
  const lock = `${path}.lock`;
  for (let attempt = 1; ; attempt++) {
    try {
      closeSync(openSync(lock, "wx", 0o600));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    let age = 0;
    try {
      age = clock.now() - statSync(lock).mtimeMs;
    } catch {
      continue; // Released in the meantime.
    }
    if (age > STALE_LOCK_MS) {
      removeQuietly(lock);
      continue;
    }
    if (attempt >= attempts) {
      throw new ExchangeError(
        `another wif-exchange is updating ${path} (lock file ${lock}); nothing was written. Try again, or delete the lock file if no run is active.`,
      );
    }
    await clock.delay(100);
  }
  try {
    return fn();
  } finally {
    removeQuietly(lock);
  }
}
