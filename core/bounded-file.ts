import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { WifError } from "./errors";
import { decodeUtf8 } from "./text-encoding";

/**
 * Reading a file a user named, with bounds: only a regular file, at most `maxBytes`. The file is opened with
 * O_NONBLOCK, so a FIFO cannot hang the open, and checked with fstat on that descriptor, so what is checked is what
 * is read; `/dev/zero`, `/dev/full`, a directory or a FIFO is refused before a byte is read.
 */

/** Size bounds of the files we read; far above any real file of the kind, far below what could exhaust memory. */
export const FILE_LIMITS = {
  /** setupConfig.ini and runtimeConfig.ini. 10,000 service users with two rules each are about 1.5 MB. */
  config: 4 * 1024 * 1024,
  /** A PEM public key or certificate. */
  pem: 64 * 1024,
  /** A token file (a JWT is a few KB). */
  token: 64 * 1024,
  /** A synthesized cdk.tf.json or a plan's JSON. */
  stack: 256 * 1024 * 1024,
  /** A small JSON record we write ourselves: a stack's wif-source.json. */
  record: 64 * 1024,
  /** wif-imports.json (`npm run import`): one line per adopted resource. */
  imports: 1024 * 1024,
} as const;

/** A file refused for what it is, not for a read error; `reason` completes "<file> …". */
export class FileRefusedError extends WifError {
  constructor(
    public readonly path: string,
    public readonly reason: string,
    /** `encoding` when the bytes are not UTF-8 text (the reason then holds its own fix), else `kind`/`size`. */
    public readonly refusal: "kind" | "size" | "encoding" = "kind",
  ) {
    super("WIF-E-FILE", "badInput", `${path}: ${reason}`);
    this.name = "FileRefusedError";
  }
}

/** What a file system entry is, for a message: "a directory", "a FIFO (named pipe)", "a device". */
export function kindOf(stat: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}): string {
  if (stat.isDirectory()) return "a directory";
  if (stat.isFIFO()) return "a FIFO (named pipe)";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  if (stat.isSocket()) return "a socket";
  return "not a regular file";
}

/**
 * The text of a regular file of at most `maxBytes`, which must be UTF-8: another encoding is named, never decoded
 * into U+FFFD (core/text-encoding.ts).
 * @param opts.noFollow open without following a symbolic link at `path` (ELOOP if one is there): for a path whose
 *   links were already resolved and checked (core/place.ts), so a link swapped in since is not followed
 * @throws FileRefusedError for anything else; Node's errno errors (ENOENT, EACCES, ELOOP) as they are
 */
export function readBoundedText(path: string, maxBytes: number, opts: { noFollow?: boolean } = {}): string {
  const decoded = decodeUtf8(readBoundedBytes(path, maxBytes, opts));
  if ("reason" in decoded) throw new FileRefusedError(path, decoded.reason, "encoding");
  return decoded.text;
}

/**
 * The bytes of a regular file of at most `maxBytes`; never reads past the limit.
 * @param opts.noFollow as {@link readBoundedText}
 * @throws FileRefusedError for anything else; Node's errno errors (ENOENT, EACCES, ELOOP) as they are
 */
function readBoundedBytes(path: string, maxBytes: number, opts: { noFollow?: boolean } = {}): Buffer {
  const flags =
    constants.O_RDONLY |
    constants.O_NONBLOCK |
    (constants.O_NOCTTY ?? 0) |
    (opts.noFollow ? (constants.O_NOFOLLOW ?? 0) : 0);
  const fd = openSync(path, flags);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new FileRefusedError(path, `is ${kindOf(stat)}, not a regular file`);
    if (stat.size > maxBytes)
      throw new FileRefusedError(path, `is ${stat.size} bytes; the limit is ${maxBytes}`, "size");
    // Read one byte more than allowed, in case the file grew since fstat.
    const buf = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let got = 0;
    for (let n; got < buf.length && (n = readSync(fd, buf, got, buf.length - got, null)) > 0; ) got += n;
    if (got > maxBytes) throw new FileRefusedError(path, `is more than ${maxBytes} bytes`, "size");
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}
