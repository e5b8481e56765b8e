// The command frame and the flag parser alone (cli/command.ts, cli/flags.ts): what every command inherits.
import { runCommand, renderUsage, type CommandSpec } from "../../cli/command";
import { parseFlags } from "../../cli/flags";
import { ERROR_CODES, UsageError, WifError } from "../../core/errors";
import { registerSecret } from "../../core/redact";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const SPEC: CommandSpec = {
  name: "wif-test",
  synopsis: "[--name <x>]",
  about: ["A command for tests."],
  flags: { name: { type: "string", value: "<x>", help: "a name" }, loud: { type: "boolean", help: "be loud" } },
  exitCodes: "0 done, 2 bad input",
  positional: "name",
};

async function run(argv: string[], body: Parameters<typeof runCommand>[3], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCommand(SPEC, argv, { env, out: (l) => out.push(l), err: (l) => err.push(l) }, body);
  return { code, out, err };
}

describe("the command frame", () => {
  test("renders the help from the spec: usage, about, flags with --help and --version, exit codes", () => {
    expect(renderUsage(SPEC)).toEqual([
      "Usage: wif-test [--name <x>]",
      "A command for tests.",
      "",
      "  --name <x>  a name",
      "  --loud      be loud",
      "  --help      show this help (also -h)",
      "  --version   print the version",
      "",
      "Exit codes: 0 done, 2 bad input, 70 a bug (WIF_DEBUG=1 shows where).",
    ]);
  });

  test("a bare argument stands for the positional flag", async () => {
    const r = await run(["abc"], (flags) => (flags.name === "abc" ? 0 : 9));
    expect(r.code).toBe(0);
  });

  test("a WifError becomes its exit code and its lines, `error: ` before the first", async () => {
    const r = await run([], () => {
      throw new UsageError(["first", "second"]);
    });
    expect([r.code, r.err]).toEqual([2, ["error: first", "second"]]);
  });

  test("anything else is a crash: exit 70, one redacted line; WIF_DEBUG=1 adds the trace", async () => {
    registerSecret("frame-test-secret-81c2");
    const boom = () => {
      throw new TypeError("cannot read frame-test-secret-81c2\u001b[2J");
    };
    const r = await run([], boom);
    expect([r.code, r.err]).toEqual([
      70,
      ["error: unexpected failure (a bug; exit 70): cannot read [secret]\\u{001B}[2J (WIF_DEBUG=1 shows where)"],
    ]);
    const d = await run([], boom, { WIF_DEBUG: "1" });
    expect(d.code).toBe(70);
    expect(d.err.length).toBeGreaterThan(1);
    expect(d.err.join("\n")).not.toContain("frame-test-secret-81c2");
  });

  test("whatever a command prints goes through the terminal writer", async () => {
    registerSecret("frame-test-secret-2e9d");
    const r = await run([], (_f, io) => {
      io.out("value frame-test-secret-2e9d\u0007");
      return 0;
    });
    expect(r.out).toEqual(["value [secret]\\u{0007}"]);
  });
});

describe("the flag parser", () => {
  const specs = SPEC.flags;
  test.each([
    [["--nmae", "x"], "unknown flag --nmae. Did you mean --name? See --help."],
    [["-n"], "unknown flag -n. See --help."],
    [["--name"], "--name needs a value: --name <x>."],
    [["--name="], "--name needs a value: --name <x>."],
    [["--loud=yes"], "--loud takes no value."],
    [["--name", "a", "--name", "b"], '--name is given twice ("a" and "b"); give it once.'],
    [["stray"], 'unexpected argument "stray": every input is given with a flag. See --help.'],
    [["loud"], 'unexpected argument "loud": every input is given with a flag. Did you mean --loud? See --help.'],
  ])("refuses %j as bad input (WIF-E-USAGE)", (argv, message) => {
    let caught: unknown;
    try {
      parseFlags(argv, specs);
    } catch (err) {
      caught = err;
    }
    expect(WifError.is(caught) && [caught.code, caught.exitCode, caught.message]).toEqual(["WIF-E-USAGE", 2, message]);
  });

  test("the error codes are one catalogue, with one code for bad input", () => {
    const codes = Object.keys(ERROR_CODES);
    expect(codes).toContain("WIF-E-USAGE");
    for (const gone of ["WIF-E-INPUT", "WIF-E-ARGS"]) expect(codes).not.toContain(gone);
  });
});

test("a reader that goes away early is not a crash: the command ends with its own code", () => {
  const bin = join(__dirname, "..", "..", "bin", "wif-exchange.cjs");
  const r = spawnSync(
    "bash",
    ["-c", `"${process.execPath}" "${bin}" --help | head -c 5 >/dev/null; echo "\${PIPESTATUS[0]}"`],
    {
      encoding: "utf8",
    },
  );
  expect([r.stdout.trim(), r.stderr]).toEqual(["0", ""]);
}, 30_000);
