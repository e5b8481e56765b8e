// Hostile flags through every command's frame (issue 18's command layer): an unknown flag, a bare argument and a
// repeated flag carrying terminal escapes, bidi and invisible characters, fake lines, secrets (registered and by
// shape) and very long text. Each case: exit 2, one or two lines on standard error and none on standard output, every
// byte printable, no planted secret, nothing written.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main as synth } from "../../app/synth-cli";
import { main as plan } from "../../app/plan-cli";
import { main as deploy } from "../../deploy/deploy-cli";
import { main as init } from "../../deploy/init-cli";
import { main as runtimeConfig } from "../../deploy/runtime-config-cli";
import { main as review } from "../../review/cli";
import { main as importer } from "../../adopt/cli";
import { main as exchange } from "../../client/exchange-cli";
import { main as explain } from "../../client/explain-cli";
import { main as broker } from "../../client/broker-cli";
import { registerSecret } from "../../core/redact";
import type { CliIo } from "../../cli/io";

const REGISTERED = "cli-corpus-registered-secret-4f0e9a";
const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm8vcjpyZWY6bWFpbiJ9.c2lnbmF0dXJlLXBhcnQtbG9uZy1lbm91Z2g";

type Main = (argv: readonly string[], io?: Partial<CliIo>) => Promise<number>;
const COMMANDS: Array<[string, Main]> = [
  ["wif-synth", synth],
  ["wif-plan", (a, io) => plan(a, io, { terraform: "/nonexistent/terraform" })],
  ["wif-deploy", (a, io) => deploy(a, io, { terraform: "/nonexistent/terraform" })],
  ["wif-init", init],
  ["wif-runtime-config", runtimeConfig],
  ["wif-review", review],
  ["wif-import", importer],
  ["wif-exchange", exchange],
  ["wif-explain", explain],
  ["wif-broker", broker],
];

/** Classes of hostile text, each turned into argv three ways below. */
const PAYLOADS: Array<[string, string]> = [
  ["an ANSI escape that clears the screen", "x\u001b[2J\u001b[31mred"],
  ["a right-to-left override", "abc\u202Edcba"],
  ["a line break and a fake error line", "x\nerror: all good, exit 0"],
  ["a registered secret", REGISTERED],
  ["a JWT", JWT],
  ["a client secret by shape", "idcscs-00000000-1111-2222-3333-444455556666"],
  ["a zero-width space and NUL", "a\u200Bb\u0000c"],
  ["10,000 characters", "y".repeat(10_000)],
];

const ARGV: Array<[string, (p: string) => string[]]> = [
  ["as an unknown flag", (p) => [`--${p}`]],
  ["as a bare argument", (p) => ["--help-me-not", p].slice(1)],
];

const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b\u202e]/;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const cases = COMMANDS.flatMap(([name, main]) =>
  PAYLOADS.flatMap(([what, payload]) =>
    ARGV.map(([how, argv]) => [name, `${what} ${how}`, main, argv(payload)] as const),
  ),
);

test.each(cases)(
  "%s refuses %s: exit 2, one printable line, no secret, nothing written",
  async (_n, _w, main, argv) => {
    registerSecret(REGISTERED); // the registry is emptied after each test (test/support/setup.ts)
    const cwd = mkdtempSync(join(tmpdir(), "wif-cli-corpus-"));
    dirs.push(cwd);
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { cwd, home: cwd, env: {}, out: (l) => out.push(l), err: (l) => err.push(l) });
    // wif-plan and the others that take one bare argument as their stack or name may get further: then it is a
    // different refusal, still bad input.
    expect(code).toBe(2);
    expect(out).toEqual([]);
    // One line; two where a plain stack name passed as wif-plan's bare argument reaches the missing config.
    expect(err.length).toBeGreaterThanOrEqual(1);
    expect(err.length).toBeLessThanOrEqual(2);
    const text = err.join("\n");
    expect(text).toMatch(/^error: /);
    expect(text).not.toMatch(RAW_CONTROL);
    for (const secret of [REGISTERED, JWT, "idcscs-00000000-1111-2222-3333-444455556666"])
      expect(text).not.toContain(secret);
    expect(text.length).toBeLessThan(500);
    expect(readdirSync(cwd)).toEqual([]);
  },
);
