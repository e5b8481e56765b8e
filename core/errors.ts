/**
 * One error layer for every command. Each error a user can cause carries a stable code and the lines to print
 * (where, what, the value when it is not a secret, the fix), and maps to one exit code from {@link EXIT}. Callers
 * test errors with {@link WifError.is} (a brand check), never `instanceof`, so two copies of this package in one
 * `node_modules` still recognise each other's errors.
 */

import { redact } from "./redact";

/** Exit codes of every command: synth, wif-review, wif-exchange, wif-explain, runtime-config. */
export const EXIT = {
  /** Done; for reviews: no error-level finding; for wif-explain: exactly one service user. */
  ok: 0,
  /** The work failed (an exchange, a network call) or a review found errors; wif-explain: the token is refused. */
  failed: 1,
  /** Bad input (flags, config, files). Nothing was sent and nothing was written. */
  badInput: 2,
  /** A bug: something none of the above expected. CI can tell it from a finding. */
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What kind of failure an error is; decides the exit code. */
export type ErrorKind = "badInput" | "failed";

/**
 * Every error code a command can end with, and what it means. A code is a contract (scripts and tests match it),
 * so codes are only added here, never made up where an error is thrown: {@link WifError} takes an
 * {@link ErrorCode}. Bad input of any kind that has no more precise code (a flag, an argument, a value given to a
 * command) is `WIF-E-USAGE`; there is no second code for "bad flags".
 */
export const ERROR_CODES = {
  "WIF-E-USAGE": "bad input to a command: an unknown or repeated flag, a missing or malformed value, a bad argument",
  "WIF-E-CONFIG": "setupConfig.ini (or an overlay) has problems; each names its file, section and key",
  "WIF-E-FILE":
    "a file was refused before it was read: missing, not a regular file, a link out of its folder, too large",
  "WIF-E-DATA": "data from outside (a file, an answer, a plan) is not what it must be: not JSON, too deep, wrong shape",
  "WIF-E-PATH": "a value that names a file or a folder is not a plain name, or leaves the folder it belongs in",
  "WIF-E-RULE": "an impersonation rule does not parse or is not allowed",
  "WIF-E-RULE-SYNTAX": "a rule[] line of setupConfig.ini does not parse",
  "WIF-E-PROPS": "a construct's props are invalid",
  "WIF-E-TOKEN-MARKER": "a value holds a cdktf token marker where a literal is required",
  "WIF-E-HCL-OUTPUT": "the synthesis was asked for cdktf's HCL output, which is not supported",
  "WIF-E-EXCHANGE": "a token exchange, a token fetch or another network step failed",
  "WIF-E-ADOPT": "wif-import: the identity domain or IAM refused or failed a request",
  "WIF-E-IMPORT-VALUE": "wif-import: a value read from the domain cannot be written as the config loader reads it",
  "WIF-E-DEPLOY": "wif-deploy refused a saved plan: missing, stale, or its review had unsuppressed errors",
  "WIF-E-INIT": "terraform init would change the backend (and so move or leave the state) without being told to",
  "WIF-E-TERRAFORM": "terraform itself failed (init, plan, apply, show or output)",
  "WIF-E-RELEASE": "the release script refused to publish",
} as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES;

const BRAND = Symbol.for("oci-wif-cdktf.WifError");

/** Base of every error a user can cause. */
export class WifError extends Error {
  /** True for any {@link WifError}, also one thrown by another copy of this package. */
  public static is(value: unknown): value is WifError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  /** The lines to print, without the `error: ` prefix. */
  public readonly lines: readonly string[];

  constructor(
    /** A stable identifier from {@link ERROR_CODES}; tests and scripts may match it. */
    public readonly code: ErrorCode,
    /** Decides the exit code. */
    public readonly kind: ErrorKind,
    lines: string | readonly string[],
  ) {
    // Every error message goes through the one redaction function: no secret, no raw control character.
    const all = (typeof lines === "string" ? [lines] : lines).map((l) => redact(l));
    super(all.join("\n"));
    this.lines = all;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** The exit code this error ends a command with. */
  public get exitCode(): ExitCode {
    return this.kind === "badInput" ? EXIT.badInput : EXIT.failed;
  }
}

/** Bad flags, files or config (exit code 2). */
export class UsageError extends WifError {
  constructor(lines: string | readonly string[], code: ErrorCode = "WIF-E-USAGE") {
    super(code, "badInput", lines);
    this.name = "UsageError";
  }
}

/** An exchange, a token fetch or another network step failed (exit code 1). */
export class ExchangeError extends WifError {
  constructor(
    lines: string | readonly string[],
    /** The HTTP status of the last response, when there was one. */
    public readonly status?: number,
    code: ErrorCode = "WIF-E-EXCHANGE",
  ) {
    super(code, "failed", lines);
    this.name = "ExchangeError";
  }
}

/** The exit code for any thrown value: a {@link WifError}'s own, {@link EXIT.internal} for anything else. */
export function exitCodeOf(err: unknown): ExitCode {
  return WifError.is(err) ? err.exitCode : EXIT.internal;
}

/** True for a {@link WifError} with this code (a brand check: works across copies of the package). */
export function hasCode<T extends WifError = WifError>(value: unknown, code: ErrorCode): value is T {
  return WifError.is(value) && value.code === code;
}
