// The hostile client corpus: each case ends with its exit code, prints the exact line below, writes no OCI profile
// when it fails, and prints no secret (client secret, subject token or its payload, Basic credentials, issued
// session tokens) and no raw control character.
import { CLIENT_CASES } from "./client-cases";
import { runClientCase } from "./client-support";
import { removeTempDirs } from "../client/harness";
import { startTokenEndpoint, type TokenEndpoint } from "../support/token-endpoint";

let endpoint: TokenEndpoint;
beforeAll(async () => {
  endpoint = await startTokenEndpoint();
});
afterAll(async () => {
  await endpoint.close();
  removeTempDirs();
});

/** The line each case must print (`<cwd>` is its working directory). */
const EXPECTED: Record<string, string> = {
  "explain: exp of 1e20": "  exp  100000000000000000000  (100000000000000000000 s after the epoch (not a date))",
  "explain: exp of -1e20": "  exp  -100000000000000000000  (-100000000000000000000 s after the epoch (not a date))",
  "explain: iat of 1e300": "  iat  1e+300  (1e+300 s after the epoch (not a date))",
  "explain: nbf of -1e20": "  nbf  -100000000000000000000  (-100000000000000000000 s after the epoch (not a date))",
  "exchange: exp of 1e20": "Next steps:",
  "exchange: exp of -1e20": "  - the token has expired (exp (none)) or the trust cannot fetch the issuer's keys;",
  "exchange: iat of 1e300": "Next steps:",
  "exchange: nbf of -1e20": "Next steps:",
  "explain: a sub with a terminal escape and a fake Result line":
    "  sub  repo:x\\u{001B}[2J\\u{001B}[32m\\u{000A}Result: ok, becomes ci-admin\\u{202E}",
  "explain: a claim name with a newline and a bidi override": "  x\\u{000A}Result: ok\\u{202E}  v",
  "explain: the token file is a FIFO": "error: --token-file pipe.jwt: is a FIFO (named pipe), not a regular file.",
  "exchange: the token file is /dev/zero": "error: --token-file /dev/zero: is a device, not a regular file.",
  "exchange: the token file is a directory": "error: --token-file dir.jwt: is a directory, not a regular file.",
  "exchange: the token file is over 64 KB": "error: --token-file big.jwt: is 70000 bytes; the limit is 65536.",
  "exchange: a malformed runtimeConfig.ini line holding the client secret":
    "  runtimeConfig.ini:6 [WIFConfig]: expected \"key = value\"; got a line that names a secret (not shown). Add '= value' or remove the line.",
  "exchange: the endpoint's error quotes the Authorization header, the secret and the token":
    "error: the token endpoint refused the exchange (HTTP 400, invalid_request: bad request: Authorization: Basic [secret] secret=[secret] subject_token=[secret]). OCI does not say which check failed; the usual causes are:",
  "exchange: the endpoint's error is HTML with terminal escapes and the token's signature":
    "error: the token endpoint refused the client credentials (HTTP 401).",
};

describe.each([...new Set(CLIENT_CASES.map((c) => c.cls))])("hostile client input: %s", (cls) => {
  test.each(CLIENT_CASES.filter((c) => c.cls === cls).map((c) => [c.name, c] as const))(
    "%s: exact line, exit code, no secret printed",
    async (name, c) => {
      const r = await runClientCase(c, endpoint);
      expect(r.code).toBe(c.exit);
      if (c.exit !== 0) expect(r.wroteOci).toBe(false);
      expect(r.lines).toContain(EXPECTED[name]);
      const printed = r.lines.join("\n");
      expect(r.secrets.filter((s) => printed.includes(s))).toEqual([]);
      expect(printed).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\ufeff]/);
    },
  );
});
