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
    /** A stable identifier, `WIF-E-<AREA>`; tests and scripts may match it. */
    public readonly code: string,
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
  constructor(lines: string | readonly string[], code = "WIF-E-USAGE") {
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
    code = "WIF-E-EXCHANGE",
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
export function hasCode<T extends WifError = WifError>(value: unknown, code: string): value is T {
  return WifError.is(value) && value.code === code;
}
