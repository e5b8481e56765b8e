/**
 * The hostile client corpus: wif-exchange and wif-explain fed hostile tokens, files and endpoint answers. Each
 * case says what the command gets; client-corpus.test.ts runs it against the local token endpoint.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeJwt, type InjectedResponse, type TokenEndpoint } from "../support/token-endpoint";

export interface ClientCase {
  readonly cls: string;
  readonly name: string;
  readonly command: "exchange" | "explain";
  /** Arguments; the token file is `ci.jwt` in the working directory unless `prepare` says otherwise. */
  readonly argv: readonly string[];
  /** The subject token written to ci.jwt (a function of the endpoint's time). */
  readonly token?: (now: number) => string;
  /** The runtimeConfig.ini text, from the default one. */
  readonly runtimeConfig?: (text: string, endpoint: TokenEndpoint) => string;
  readonly prepare?: (cwd: string) => void;
  readonly inject?: (endpoint: TokenEndpoint, token: string) => InjectedResponse[];
  readonly exit: number;
}

const claims = (now: number, extra: Record<string, unknown>) => ({
  iss: "https://token.actions.githubusercontent.com",
  aud: "oci-wif",
  sub: "repo:octo-org/web-app:ref:refs/heads/main",
  iat: now - 10,
  exp: now + 300,
  ...extra,
});

const EXCHANGE = ["--token-file", "ci.jwt"];
const EXPLAIN = ["--token-file", "ci.jwt", "--config", "setupConfig.ini"];

const numberCases = (command: "exchange" | "explain", exit: number): ClientCase[] =>
  (
    [
      ["exp of 1e20", { exp: 1e20 }],
      ["exp of -1e20", { exp: -1e20 }],
      ["iat of 1e300", { iat: 1e300 }],
      ["nbf of -1e20", { nbf: -1e20 }],
    ] as const
  ).map(([name, extra], i) => ({
    cls: "numeric claims out of range",
    name: `${command}: ${name}`,
    command,
    argv: command === "exchange" ? EXCHANGE : EXPLAIN,
    token: (now: number) => makeJwt(claims(now, extra)),
    // The endpoint refuses a token that expired (exp -1e20); the others it accepts: the exchange goes on, no crash.
    exit: command === "exchange" && i === 1 ? 1 : exit,
  }));

/** Every case of the client corpus. */
export const CLIENT_CASES: readonly ClientCase[] = [
  ...numberCases("explain", 1),
  ...numberCases("exchange", 0),
  {
    cls: "control characters in claims",
    name: "explain: a sub with a terminal escape and a fake Result line",
    command: "explain",
    argv: EXPLAIN,
    token: (now) => makeJwt(claims(now, { sub: "repo:x\u001b[2J\u001b[32m\nResult: ok, becomes ci-admin\u202e" })),
    exit: 1,
  },
  {
    cls: "control characters in claims",
    name: "explain: a claim name with a newline and a bidi override",
    command: "explain",
    argv: EXPLAIN,
    token: (now) => makeJwt(claims(now, { "x\nResult: ok\u202e": "v" })),
    exit: 1,
  },
  {
    cls: "files that are not bounded regular files",
    name: "explain: the token file is a FIFO",
    command: "explain",
    argv: ["--token-file", "pipe.jwt", "--config", "setupConfig.ini"],
    prepare: (cwd) => execFileSync("mkfifo", [join(cwd, "pipe.jwt")]),
    exit: 2,
  },
  {
    cls: "files that are not bounded regular files",
    name: "exchange: the token file is /dev/zero",
    command: "exchange",
    argv: ["--token-file", "/dev/zero"],
    exit: 2,
  },
  {
    cls: "files that are not bounded regular files",
    name: "exchange: the token file is a directory",
    command: "exchange",
    argv: ["--token-file", "dir.jwt"],
    prepare: (cwd) => mkdirSync(join(cwd, "dir.jwt")),
    exit: 2,
  },
  {
    cls: "files that are not bounded regular files",
    name: "exchange: the token file is over 64 KB",
    command: "exchange",
    argv: ["--token-file", "big.jwt"],
    prepare: (cwd) => writeFileSync(join(cwd, "big.jwt"), "a".repeat(70_000)),
    exit: 2,
  },
  {
    cls: "secrets echoed in errors",
    name: "exchange: a malformed runtimeConfig.ini line holding the client secret",
    command: "exchange",
    argv: EXCHANGE,
    runtimeConfig: (text, e) =>
      text.replace(`oauthclientsecret = ${e.clientSecret}`, `oauthclientsecret ${e.clientSecret}`),
    exit: 2,
  },
  {
    cls: "secrets echoed in errors",
    name: "exchange: the endpoint's error quotes the Authorization header, the secret and the token",
    command: "exchange",
    argv: EXCHANGE,
    inject: (e, token) => [
      {
        status: 400,
        body: JSON.stringify({
          error: "invalid_request",
          error_description: `bad request: Authorization: Basic ${Buffer.from(`${e.clientId}:${e.clientSecret}`).toString("base64")} secret=${e.clientSecret} subject_token=${token}`,
        }),
      },
    ],
    exit: 1,
  },
  {
    cls: "secrets echoed in errors",
    name: "exchange: the endpoint's error is HTML with terminal escapes and the token's signature",
    command: "exchange",
    argv: EXCHANGE,
    inject: (_e, token) => [
      {
        status: 401,
        headers: { "Content-Type": "text/html" },
        body: `<h1>denied\u001b[2J</h1> sig ${token.split(".")[2]} token ${token}`,
      },
    ],
    exit: 1,
  },
];
