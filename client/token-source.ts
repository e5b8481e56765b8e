import { resolve } from "node:path";
import { hasCode, UsageError } from "../core/errors";
import { ISSUERS, issuerFamily } from "../core/issuers";
import { suggest } from "../core/suggest";
import type { CliIo } from "../cli/io";
import { decodeJwt, type DecodedJwt } from "./jwt";
import type { IssuerSource } from "./issuer-token";
import { readNamedText } from "../core/place";
import { FILE_LIMITS, type FileRefusedError } from "../core/bounded-file";
import { registerSecret } from "../core/redact";

/** Where the subject token (the CI's OIDC JWT) comes from. */
export type TokenSourceKind = "file" | "stdin" | "env" | "issuer" | "runtime-config";

/** The token-source flags of a command. */
export interface TokenSourceFlags {
  /** `--token-file <path>`; `-` reads standard input. */
  readonly tokenFile?: string;
  /** `--token-env <NAME>`, e.g. a GitLab `id_tokens` variable. */
  readonly tokenEnv?: string;
  /** `--token-stdin`. */
  readonly tokenStdin?: boolean;
  /** `--github`: fetch from GitHub Actions even if another source could be used (`--token-from github`). */
  readonly github?: boolean;
  /** `--token-from <issuer>`: get it the way that platform documents (core/issuers/). */
  readonly tokenFrom?: string;
}

/** The source chosen, and for `issuer` which platform's way. */
export interface TokenChoice {
  readonly kind: TokenSourceKind;
  readonly issuer?: IssuerSource;
}

/** A subject token and a description of where it came from that is safe to print. */
export interface SubjectToken {
  /** The JWT. Secret. */
  readonly token: string;
  readonly decoded: DecodedJwt;
  /** `file ci.jwt`, `environment variable OCI_ID_TOKEN`, `GitHub Actions (audience oci-wif)`… */
  readonly source: string;
}

/**
 * Picks the token source: the one flag given (more than one is an error); else the platform this job runs on, when
 * exactly one platform of the catalogue (core/issuers/) has set its token variables; else the runtime config's
 * `subjecttoken` when it holds a token; else an error that lists the choices.
 *
 * @param ambient whether the job's platform is a possible source (not for the offline `wif-explain`)
 */
export function chooseTokenSource(
  flags: TokenSourceFlags,
  env: CliIo["env"],
  options: { ambient: boolean; runtimeToken?: boolean },
): TokenChoice {
  const given = [
    ["--token-file", flags.tokenFile !== undefined],
    ["--token-env", flags.tokenEnv !== undefined],
    ["--token-stdin", Boolean(flags.tokenStdin)],
    ["--github", Boolean(flags.github)],
    ["--token-from", flags.tokenFrom !== undefined],
  ]
    .filter(([, on]) => on)
    .map(([name]) => name as string);
  if (given.length > 1) throw new UsageError(`give one token source; got ${given.join(" and ")}.`);
  if (flags.tokenFile !== undefined) return { kind: flags.tokenFile === "-" ? "stdin" : "file" };
  if (flags.tokenEnv !== undefined) return { kind: "env" };
  if (flags.tokenStdin) return { kind: "stdin" };
  if (flags.github) return { kind: "issuer", issuer: { family: issuerFamily("github")!, flag: "--github" } };
  if (flags.tokenFrom !== undefined) {
    const family = issuerFamily(flags.tokenFrom);
    if (!family) {
      const ids = ISSUERS.map((f) => f.id);
      const hint = suggest(flags.tokenFrom, ids);
      throw new UsageError(
        `--token-from must name an issuer of docs/issuers.md (${ids.join(", ")}); got ${JSON.stringify(flags.tokenFrom)}.${hint ? ` Did you mean ${hint}?` : ""}`,
      );
    }
    return { kind: "issuer", issuer: { family, flag: `--token-from ${family.id}` } };
  }
  if (options.ambient) {
    const here = ISSUERS.filter((f) => f.token.detect.length > 0 && f.token.detect.every((v) => env[v]));
    if (here.length > 1) {
      throw new UsageError(
        `this job has the token variables of ${here.map((f) => f.title).join(" and ")}; give --token-from <${here.map((f) => f.id).join("|")}>.`,
      );
    }
    if (here.length === 1) return { kind: "issuer", issuer: { family: here[0], flag: `--token-from ${here[0].id}` } };
  }
  if (options.runtimeToken) return { kind: "runtime-config" };
  throw new UsageError([
    "no subject token. Give one of:",
    options.ambient
      ? "  --token-file <path> | --token-env <NAME> | --token-stdin | --token-from <issuer> (github, gitlab, buildkite …: docs/issuers.md) | --github (GitHub Actions, needs permissions: id-token: write)"
      : "  --token-file <path> | --token-env <NAME> | --token-stdin",
  ]);
}

/** Reads a token from a file, an environment variable or standard input, and checks that it is a JWT. */
export async function readLocalToken(
  kind: Exclude<TokenSourceKind, "issuer" | "runtime-config">,
  flags: TokenSourceFlags,
  io: CliIo,
): Promise<SubjectToken> {
  let text: string;
  let source: string;
  if (kind === "file") {
    const path = flags.tokenFile!;
    source = `--token-file ${path}`;
    try {
      text = readNamedText(resolve(io.cwd, path), FILE_LIMITS.token);
    } catch (err) {
      if (hasCode<FileRefusedError>(err, "WIF-E-FILE")) throw new UsageError(`${source}: ${err.reason}.`);
      const code = (err as NodeJS.ErrnoException).code;
      throw new UsageError(
        `${source}: ${code === "ENOENT" ? "file not found" : `cannot be read (${code ?? String(err)})`}.`,
      );
    }
  } else if (kind === "env") {
    const name = flags.tokenEnv!;
    source = `--token-env ${name}`;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new UsageError(
        `--token-env must name an environment variable (letters, digits, '_'); got ${JSON.stringify(name)}.`,
      );
    }
    text = io.env[name] ?? "";
    if (text.trim() === "") {
      throw new UsageError(
        `${source}: the variable is not set or is empty. In GitLab CI, declare it under id_tokens: { ${name}: { aud: <audience> } }.`,
      );
    }
  } else {
    source = "standard input";
    if (io.stdinIsTty)
      throw new UsageError("--token-stdin: standard input is a terminal; pipe the token in, or use --token-file.");
    text = await io.readStdin();
  }
  // A secret from the moment it is read: even a value that is not a JWT may be one cut short.
  registerSecret(text);
  return checkToken(text.trim(), source, (message) => new UsageError(message));
}

/** Checks that a runtime config's `subjecttoken` is a JWT. */
export function runtimeConfigToken(token: string, file: string): SubjectToken {
  return checkToken(token, `${file} [WIFConfig] subjecttoken`, (message) => new UsageError(message));
}

/** Checks that a token is a JWT; `fail` makes the error of the caller's kind (bad input, or a failed request). */
export function checkToken(token: string, source: string, fail: (message: string) => Error): SubjectToken {
  const decoded = decodeJwt(token);
  if ("error" in decoded) throw fail(`the subject token from ${source} ${decoded.error}.`);
  return { token, decoded, source };
}
