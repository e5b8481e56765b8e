// wif-exchange --renew against the local endpoint, on a fake clock shared by the client and the endpoint: the
// session tokens live 60 s, so renewal comes every 30 s, each time with a new GitHub token and a new key pair.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { main as exchangeMain } from "../../client/exchange-cli";
import { renewalDelay } from "../../client/renew";
import type { CliIo } from "../../cli/io";
import { startTokenEndpoint, type TokenEndpoint } from "../support/token-endpoint";
import {
  leaked,
  pooledKeyPair,
  removeTempDirs,
  run,
  runtimeConfigText,
  secretsOf,
  tempDir,
  writeRuntimeConfig,
} from "./harness";

let endpoint: TokenEndpoint;
let clock = Math.floor(Date.now() / 1000) * 1000;
beforeAll(async () => {
  endpoint = await startTokenEndpoint({ upstLifetimeSeconds: 60, now: () => clock });
});
afterAll(async () => {
  await endpoint.close();
  removeTempDirs();
});

const main = (argv: readonly string[], io: CliIo) => exchangeMain(argv, io, { makeKeyPair: pooledKeyPair });
/** As shipped: a fresh key pair for every exchange. */
const freshMain = (argv: readonly string[], io: CliIo) => exchangeMain(argv, io);

function setUp() {
  const cwd = tempDir();
  const home = tempDir();
  writeRuntimeConfig(cwd, runtimeConfigText(endpoint));
  const env = {
    ACTIONS_ID_TOKEN_REQUEST_URL: endpoint.githubRequestUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: endpoint.githubRequestToken,
  };
  return { cwd, home, env, session: join(home, ".oci", "sessions", "wif") };
}

describe("wif-exchange --renew", () => {
  test("renews at half the session token's lifetime with a new GitHub token and key until --renew-for has passed", async () => {
    const s = setUp();
    clock = Math.floor(Date.now() / 1000) * 1000;
    const issuedBefore = endpoint.issued.length;
    const audiencesBefore = endpoint.githubAudiences.length;
    const keys: string[] = [];
    const r = await run(freshMain, ["--github", "--renew", "--renew-for", "150"], {
      cwd: s.cwd,
      home: s.home,
      env: s.env,
      now: () => clock,
      onDelay: (ms) => {
        keys.push(readFileSync(join(s.session, "oci_api_key.pem"), "utf8"));
        clock += ms;
      },
    });
    expect(r.code).toBe(0);
    // Exchanges at 0, 30, 60, 90 and 120 s; the next would be at 150 s, when renewing stops.
    expect(r.delays).toEqual([30_000, 30_000, 30_000, 30_000]);
    const issued = endpoint.issued.slice(issuedBefore);
    expect(issued.length).toBe(5);
    expect(endpoint.githubAudiences.length - audiencesBefore).toBe(5);
    expect(readFileSync(join(s.session, "token"), "utf8")).toBe(issued[4]);
    keys.push(readFileSync(join(s.session, "oci_api_key.pem"), "utf8"));
    expect(new Set(keys).size).toBe(5);
    expect(r.err.filter((l) => l.startsWith("Renewed OCI profile [wif]: session token valid until ")).length).toBe(4);
    expect(r.err.at(-1)).toMatch(
      /^Stopped renewing after 120 s \(--renew-for\); the session token is valid until .*, in 60 s\.$/,
    );
    expect(r.out.at(-1)).toBe(
      "Renewing: the key and token are replaced at half their lifetime while this keeps running.",
    );
    expect(
      leaked([...r.out, ...r.err], secretsOf(endpoint, [...keys.flatMap((k) => k.split("\n").slice(1, -2))])),
    ).toEqual([]);
  }, 60_000); // five fresh RSA key pairs: seconds on a busy machine

  test("keeps the current profile and retries at half of what is left when a renewal is refused", async () => {
    const s = setUp();
    clock = Math.floor(Date.now() / 1000) * 1000;
    const issuedBefore = endpoint.issued.length;
    let injected = false;
    const r = await run(main, ["--github", "--renew", "--renew-for", "50", "--max-attempts", "1"], {
      cwd: s.cwd,
      home: s.home,
      env: s.env,
      now: () => clock,
      onDelay: (ms) => {
        if (!injected)
          endpoint.inject("token", {
            status: 400,
            body: JSON.stringify({ error: "invalid_grant", error_description: "refused for the test" }),
          });
        injected = true;
        clock += ms;
      },
    });
    expect(r.code).toBe(0);
    // Renewal at 30 s is refused; the token is valid until 60 s, so the next try is at 45 s, and works.
    expect(r.delays).toEqual([30_000, 15_000]);
    expect(
      r.err.filter((l) => l.startsWith("warning: renewal failed, the current session token is still valid until "))
        .length,
    ).toBe(1);
    const issued = endpoint.issued.slice(issuedBefore);
    expect(issued.length).toBe(2);
    expect(readFileSync(join(s.session, "token"), "utf8")).toBe(issued[1]);
  });

  test.each([
    [
      ["--renew", "--token-stdin"],
      "error: --renew keeps running in the background: it cannot read the token from standard input or print --env / --github-env lines; run wif-exchange once with those, then again with --renew &.",
    ],
    [
      ["--renew", "--env", "--github"],
      "error: --renew keeps running in the background: it cannot read the token from standard input or print --env / --github-env lines; run wif-exchange once with those, then again with --renew &.",
    ],
    [["--renew-for", "60", "--github"], "error: --renew-for applies only with --renew."],
    [["--renew", "--renew-for", "0", "--github"], 'error: --renew-for must be a number from 1 to 604800; got "0".'],
  ])("fails when given %j, with exit code 2", async (argv, message) => {
    const s = setUp();
    const r = await run(main, argv, { cwd: s.cwd, home: s.home, env: s.env, stdin: "x" });
    expect([r.code, r.err]).toEqual([2, [message]]);
  });

  test("waits half of what is left, but never less than a second, and cannot time a token without expiry", () => {
    expect(renewalDelay(1_000_100, 1_000_000_000)).toBe(50_000);
    expect(renewalDelay(1_000_000, 1_000_000_000)).toBe(1000);
    expect(renewalDelay(undefined, 0)).toBeUndefined();
  });
});
