import { lstatSync, realpathSync, statSync, type Stats } from "node:fs";
import { basename, dirname, isAbsolute, join, normalize, relative, resolve, sep } from "node:path";
import { WifError } from "./errors";
import { FileRefusedError, kindOf, readBoundedText } from "./bounded-file";

/**
 * The one way a value from a config, a flag, an environment variable, an Action input or a remote answer becomes a
 * file name or a path. Two shapes:
 *
 * - a **name** ({@link checkName}): one path segment of allowed characters, never `.` or `..`, no separator, no
 *   control character, bounded in length — a profile, stack or environment name that becomes a folder or a file;
 * - a **place under a root** ({@link placeUnder}): a relative path that stays under its root (the config's folder,
 *   the OCI config's folder), with no `..` segment, no absolute path unless the caller allows one, and no symbolic
 *   link on the way that leads out of the root. The link's target is never read, and never printed either.
 *
 * Checking here rather than at each surface is the point: `profile_name = ..` once made wif-exchange overwrite
 * `~/.oci/oci_api_key.pem`, and a symlinked overlay was read wherever it pointed, because each surface had its own
 * regex, or none. Refusals are {@link PlaceError}s (exit 2), or, for a config, {@link Refusal}s the loader records
 * as located problems.
 */

/** Why a value cannot name a place, and the fix; `message` completes "<key or flag> …". */
export interface Refusal {
  readonly message: string;
  readonly fix: string;
}

/** A refused name or path, from a flag, an environment variable or an input: `<label> <why>; got "<value>". <fix>` */
export class PlaceError extends WifError {
  constructor(
    /** The flag, input or file the value came from: `--profile`, `[OCI] profile in runtimeConfig.ini`. */
    public readonly label: string,
    value: string,
    public readonly refusal: Refusal,
  ) {
    super("WIF-E-PATH", "badInput", `${label} ${refusal.message}; got ${shownValue(value)}. ${refusal.fix}`);
    this.name = "PlaceError";
  }
}

/** The longest value shown in a message; a longer one is cut, with its length said. */
const SHOWN_CHARS = 80;

/** A value as messages quote it: JSON-escaped (control characters visible), cut to {@link SHOWN_CHARS}. */
export function shownValue(value: string): string {
  return JSON.stringify(truncatedValue(value));
}

/** A value cut to {@link SHOWN_CHARS} characters (with how long it was), for a message that quotes it. */
export function truncatedValue(value: string): string {
  const chars = [...value];
  return chars.length <= SHOWN_CHARS ? value : `${chars.slice(0, SHOWN_CHARS).join("")}… (${chars.length} characters)`;
}

// ---- names: one path segment ----

/** What a kind of name may hold. */
export interface NameRule {
  /** What it is, for messages: "a profile name". */
  readonly what: string;
  /** Every character allowed, as one character class (tested per character). */
  readonly chars: RegExp;
  /** The first character, when it is stricter than the rest. */
  readonly first?: RegExp;
  /** The allowed characters in words: "letters, digits, '.', '_', '@' or '-'". */
  readonly allowed: string;
  readonly maxLength: number;
  /** An example for the fix. */
  readonly example: string;
}

/**
 * An OCI config profile: a section name of the OCI config file and the folder `sessions/<profile>` beside it. No
 * brackets, spaces or `=` (they would break the config file), never `.` or `..` (a folder, not a name).
 */
export const PROFILE_NAME: NameRule = {
  what: "a profile name",
  chars: /[A-Za-z0-9_.@-]/,
  allowed: "letters, digits, '.', '_', '@' or '-'",
  maxLength: 64,
  example: "wif",
};

/** A stack name: the folder `cdktf.out/stacks/<name>` and the state file `terraform.<name>.tfstate`. */
export const STACK_NAME: NameRule = {
  what: "a stack name",
  chars: /[A-Za-z0-9_-]/,
  allowed: "letters, digits, '_' or '-'",
  maxLength: 100,
  example: "wif",
};

/** An environment: the overlay `<dir>/<name>.ini`, and the suffix of its stack, state and profile names. */
export const ENVIRONMENT_NAME: NameRule = {
  what: "an environment name",
  chars: /[a-z0-9_-]/,
  first: /[a-z0-9]/,
  allowed: "lower-case letters, digits, '_' or '-', starting with a letter or digit",
  maxLength: 32,
  example: "prod",
};

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** Characters no one sees, or that reorder what is shown: a path holding one is not the path it looks like. */
const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;

/** Why `value` is not a name of `rule`, or undefined when it is one. */
export function nameRefusal(value: string, rule: NameRule): Refusal | undefined {
  const fix = `Use ${rule.allowed}, at most ${rule.maxLength} characters, e.g. ${rule.example}.`;
  const refuse = (message: string): Refusal => ({ message, fix });
  if (value === "") return refuse(`must be ${rule.what}, not empty`);
  if (value === "." || value === "..") return refuse(`must be ${rule.what}, not '${value}' (a folder)`);
  if (CONTROL.test(value)) return refuse(`must be ${rule.what}; it holds a control character or a line break`);
  if (/[/\\]/.test(value)) return refuse(`must be ${rule.what}, one path segment without '/' or '\\'`);
  const length = [...value].length;
  if (length > rule.maxLength)
    return refuse(`must be ${rule.what} of at most ${rule.maxLength} characters, not ${length}`);
  if (rule.first && !rule.first.test(value[0]))
    return refuse(`must be ${rule.what}; it may not start with ${JSON.stringify(value[0])}`);
  const bad = [...value].find((c) => !rule.chars.test(c));
  if (bad !== undefined) return refuse(`must be ${rule.what}; ${JSON.stringify(bad)} is not allowed in one`);
  return undefined;
}

/**
 * `value` when it is a name of `rule`.
 * @param label the flag or input it came from, for the message
 * @throws PlaceError otherwise
 */
export function checkName(value: string, rule: NameRule, label: string): string {
  const refusal = nameRefusal(value, rule);
  if (refusal) throw new PlaceError(label, value, refusal);
  return value;
}

// ---- places under a root ----

/** How a place may be named and what must be there. */
export interface PlaceRule {
  /** How messages name the root: "the config's folder". */
  readonly rootName: string;
  /** How the fix says what to write: "a path relative to setupConfig.ini, such as envs". */
  readonly expected: string;
  /**
   * An absolute path is accepted as it is written (still without `..`, still refused when a symbolic link sits at
   * the place itself and leads out of its folder).
   * @default false - refused
   */
  readonly absolute?: boolean;
  /**
   * What must be there when something is: a regular file or a folder. Anything else (a FIFO, a device) is refused.
   * @default - anything
   */
  readonly kind?: "file" | "directory";
  /**
   * The place must exist.
   * @default false
   */
  readonly mustExist?: boolean;
  /**
   * The place is written (a secret file, a session folder): a symbolic link at the place itself is refused even when
   * it stays under the root, so nothing is ever written through a link someone planted.
   * @default false
   */
  readonly write?: boolean;
}

/** A checked place. */
export interface Place {
  /** The absolute path, as written under the root (links not resolved). */
  readonly path: string;
  /** The path with links resolved, when something is there; the file to read. */
  readonly real?: string;
  /** Whether something is there. */
  readonly exists: boolean;
}

/** Longest path accepted, and longest segment (what Linux and macOS file systems take). */
const MAX_PATH_CHARS = 1024;
const MAX_SEGMENT_BYTES = 255;

/**
 * Why `value` cannot name a place under `root`, or the place. Nothing is read: the folders on the way are only
 * lstat'ed, and a symbolic link only resolved to compare where it leads with the root.
 *
 * @param root an absolute folder (it may not exist yet: then nothing under it does either)
 */
export function checkPlace(
  root: string,
  value: string,
  rule: PlaceRule,
): { place: Place; refusal?: undefined } | { refusal: Refusal; place?: undefined } {
  const refuse = (message: string, fix = `Give ${rule.expected}.`) => ({ refusal: { message, fix } });
  if (value.trim() === "") return refuse("must not be empty");
  if (CONTROL.test(value)) return refuse("holds a control character or a line break");
  if (INVISIBLE.test(value)) return refuse("holds an invisible or direction-changing character");
  if ([...value].length > MAX_PATH_CHARS) return refuse(`is longer than ${MAX_PATH_CHARS} characters`);
  if (value.includes("\\")) return refuse("holds a '\\'", `Separate folders with '/'; give ${rule.expected}.`);
  if (value.startsWith("~")) return refuse("starts with '~', which is not expanded here");
  const segments = value.split("/");
  if (segments.includes("..")) return refuse(`must not contain '..' (it must stay under ${rule.rootName})`);
  if (segments.some((s) => Buffer.byteLength(s) > MAX_SEGMENT_BYTES))
    return refuse(`has a path segment longer than ${MAX_SEGMENT_BYTES} bytes`);
  if (isAbsolute(value)) {
    if (!rule.absolute) return refuse(`is an absolute path; it must be under ${rule.rootName}`);
    return checkAbsolute(normalize(value), rule, refuse);
  }
  const path = resolve(root, value);
  if (path === resolve(root)) return refuse(`names ${rule.rootName} itself`);
  return walk(resolve(root), relative(resolve(root), path).split(sep), rule, refuse);
}

type Refuse = (message: string, fix?: string) => { refusal: Refusal };

/** Walks from the root to the place, one lstat per segment, refusing a link that leaves the root. */
function walk(root: string, segments: readonly string[], rule: PlaceRule, refuse: Refuse) {
  const rootReal = realOrUndefined(root);
  if (rootReal !== undefined && !statSync(rootReal).isDirectory())
    return refuse(`is under ${rule.rootName}, which is not a folder`);
  let current = root;
  let stat: Stats | undefined;
  let real: string | undefined;
  for (let i = 0; i < segments.length; i++) {
    const last = i === segments.length - 1;
    current = join(current, segments[i]);
    const shown = segments.slice(0, i + 1).join("/");
    let link: Stats | undefined;
    try {
      link = rootReal === undefined ? undefined : lstatSync(current, { throwIfNoEntry: false });
    } catch (err) {
      return refuse(`cannot be checked (${(err as NodeJS.ErrnoException).code ?? String(err)} at ${shown})`);
    }
    if (!link) {
      stat = undefined;
      real = undefined;
      break;
    }
    if (link.isSymbolicLink()) {
      if (last && rule.write)
        return refuse(
          "is a symbolic link; nothing holding a secret is written through one",
          `Remove the link ${shown} (or name another place).`,
        );
      real = realOrUndefined(current);
      if (real === undefined || !isInside(rootReal!, real))
        return refuse(
          `is or goes through a symbolic link (${shown}) that leads outside ${rule.rootName} or nowhere`,
          `Replace the link with the real ${last && rule.kind !== "directory" ? "file" : "folder"}, under ${rule.rootName}.`,
        );
      stat = statSync(real);
    } else {
      stat = link;
      real = last ? join(realOrUndefined(dirname(current)) ?? dirname(current), segments[i]) : undefined;
    }
    if (!last && !stat.isDirectory()) return refuse(`goes through ${shown}, which is not a folder`);
  }
  return finish(join(root, ...segments), stat, real, rule, refuse);
}

/** An absolute place (allowed by the caller): only the place itself is checked, against its own folder. */
function checkAbsolute(path: string, rule: PlaceRule, refuse: Refuse) {
  let link: Stats | undefined;
  try {
    link = lstatSync(path, { throwIfNoEntry: false });
  } catch (err) {
    return refuse(`cannot be checked (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let stat: Stats | undefined = link;
  let real: string | undefined = link ? path : undefined;
  if (link?.isSymbolicLink()) {
    if (rule.write)
      return refuse(
        "is a symbolic link; nothing holding a secret is written through one",
        "Remove the link (or name another place).",
      );
    real = realOrUndefined(path);
    const folder = realOrUndefined(dirname(path));
    if (real === undefined || folder === undefined || !isInside(folder, real))
      return refuse("is a symbolic link that leads out of its folder or nowhere", "Name the file itself.");
    stat = statSync(real);
  }
  return finish(path, stat, real, rule, refuse);
}

function finish(path: string, stat: Stats | undefined, real: string | undefined, rule: PlaceRule, refuse: Refuse) {
  if (!stat) {
    if (rule.mustExist) return refuse("does not exist");
    return { place: { path, exists: false } };
  }
  if (rule.kind === "file" && !stat.isFile()) return refuse(`is ${kindOf(stat)}, not a regular file`);
  if (rule.kind === "directory" && !stat.isDirectory()) return refuse("is not a folder");
  return { place: { path, real, exists: true } };
}

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** Whether `path` is `root` or under it (both absolute, links resolved). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

/**
 * The place `value` names under `root`.
 * @param label the flag or input it came from, for the message
 * @throws PlaceError when it cannot be one
 */
export function placeUnder(root: string, value: string, rule: PlaceRule, label: string): Place {
  const checked = checkPlace(root, value, rule);
  if (checked.refusal) throw new PlaceError(label, value, checked.refusal);
  return checked.place;
}

/**
 * Why a file or folder named by a flag or an environment variable (or their defaults: `setupConfig.ini`,
 * `cdktf.out`) cannot be used, or undefined: any path the user gives, but a symbolic link at it must stay within its
 * own folder, since one committed in its place would send the read or the write wherever it points.
 */
export function namedPlaceRefusal(path: string, kind: "file" | "directory"): Refusal | undefined {
  const absolute = resolve(path);
  return checkPlace(dirname(absolute), basename(absolute), {
    rootName: kind === "file" ? "the file's folder" : "the folder it is in",
    expected: `the ${kind === "file" ? "file" : "folder"} itself (a link may only point within its folder)`,
    kind,
  }).refusal;
}

/**
 * The text of a file a flag or an environment variable names (setupConfig.ini, runtimeConfig.ini, a token file): any
 * path the user gives, but a symbolic link at it must stay within its own folder. A link committed in place of the
 * file (`setupConfig.ini -> /etc/passwd`) would otherwise have its target read and its lines quoted in errors; the
 * links Kubernetes makes for mounted tokens (`token -> ..data/token`) stay in their folder and are read.
 * @throws FileRefusedError for such a link or anything but a bounded regular file; Node's errno errors as they are
 */
export function readNamedText(path: string, maxBytes: number): string {
  const absolute = resolve(path);
  const checked = checkPlace(dirname(absolute), basename(absolute), {
    rootName: "the file's folder",
    expected: "the file itself (a link may only point within its folder)",
    kind: "file",
  });
  if (checked.refusal) throw new FileRefusedError(path, checked.refusal.message);
  return checked.place.exists ? readPlaceText(checked.place, maxBytes) : readBoundedText(absolute, maxBytes);
}

/**
 * The text of a checked place that is a regular file, through the one bounded reader: what was checked is what is
 * read (the resolved path, opened without following a link), at most `maxBytes`.
 * @throws FileRefusedError, or Node's errno error, as {@link readBoundedText}
 */
export function readPlaceText(place: Place, maxBytes: number): string {
  return readBoundedText(place.real ?? place.path, maxBytes, { noFollow: true });
}
