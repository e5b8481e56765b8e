// The hostile path corpus (issue 16, part 2): every case runs the real CLI (bin/*.cjs; the Action's main step) in a
// sandbox — the config's folder, HOME, and an `outside/` folder standing for the rest of the machine — and asserts
// its exit code and message, that nothing at all was written when it failed (and, for the controls, only where it
// should), that nothing outside changed (a snapshot of every entry, content and mode, before and after), and that
// no line of the outside files and no planted secret was printed.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { githubToken, startTokenEndpoint, type TokenEndpoint } from "../support/token-endpoint";
import { runtimeConfigText } from "../client/harness";
import { PLANTED } from "./corpus-support";
import { OUTSIDE_MARKER, OUTSIDE_TEXT, PATH_CASES, plantOutside, type PathCase, type Sandbox } from "./paths-cases";

const ROOT = join(__dirname, "..", "..");

let endpoint: TokenEndpoint;
const sandboxes: string[] = [];
beforeAll(async () => {
  endpoint = await startTokenEndpoint();
});
afterAll(async () => {
  await endpoint.close();
  for (const dir of sandboxes) rmSync(dir, { recursive: true, force: true });
});

function sandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), "wif-paths-"));
  sandboxes.push(root);
  const s = { root, work: join(root, "work"), home: join(root, "home"), outside: join(root, "outside") };
  for (const dir of [s.work, s.home, s.outside]) mkdirSync(dir);
  plantOutside(s);
  return s;
}

/** Every entry under `dir`, links not followed: kind, mode, and a file's content hash or a link's target. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (path: string) => {
    const st = lstatSync(path);
    const key = relative(dir, path) || ".";
    const mode = (st.mode & 0o7777).toString(8);
    if (st.isSymbolicLink()) out[key] = `link ${readlinkSync(path)}`;
    else if (st.isDirectory()) {
      out[key] = `dir ${mode}`;
      for (const name of readdirSync(path)) visit(join(path, name));
    } else out[key] = `file ${mode} ${createHash("sha256").update(readFileSync(path)).digest("hex")}`;
  };
  visit(dir);
  return out;
}

/** The entries of `after` that differ from `before` (added, changed or gone), by path. */
function changes(before: Record<string, string>, after: Record<string, string>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => before[k] !== after[k]).sort();
}

function command(c: PathCase): string[] {
  if (c.cli === "action") return ["-r", require.resolve("tsx/cjs"), join(ROOT, "action", "main.ts")];
  return [join(ROOT, "bin", `${c.cli}.cjs`), ...c.argv];
}

function run(c: PathCase, s: Sandbox): Promise<{ code: number; stdout: string; stderr: string }> {
  const runner =
    c.cli === "action"
      ? {
          RUNNER_TEMP: join(s.home, "runner-temp"),
          GITHUB_STATE: join(s.home, "state"),
          GITHUB_ENV: join(s.home, "env"),
        }
      : {};
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      command(c),
      { cwd: s.work, env: { PATH: process.env.PATH, HOME: s.home, ...runner, ...c.env }, timeout: 60_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 70) : 0, stdout, stderr }),
    );
  });
}

/** What must never be printed: the outside files' lines, the planted secrets, the endpoint's secrets. */
function forbidden(): string[] {
  return [
    OUTSIDE_MARKER,
    ...OUTSIDE_TEXT.split("\n").filter((l) => l.length >= 8),
    ...PLANTED,
    "s3cr3t0MARKER0url",
    endpoint.clientSecret,
    ...endpoint.issued,
  ];
}

describe.each([...new Set(PATH_CASES.map((c) => c.cls))])("hostile paths: %s", (cls) => {
  test.each(PATH_CASES.filter((c) => c.cls === cls).map((c) => [c.name, c] as const))(
    "%s: exit code, message, nothing written outside, nothing of outside printed",
    async (_name, c) => {
      const s = sandbox();
      if (c.cli === "wif-exchange") {
        writeFileSync(join(s.work, "runtimeConfig.ini"), runtimeConfigText(endpoint, { profile: c.runtimeProfile }), {
          mode: 0o600,
        });
        writeFileSync(join(s.work, "ci.jwt"), githubToken());
      }
      if (c.cli === "action") mkdirSync(join(s.home, "runner-temp"));
      c.prepare?.(s);
      const before = { work: tree(s.work), home: tree(s.home), outside: tree(s.outside) };
      const sentinel = readFileSync(join(s.outside, "secret.txt"), "utf8");

      const r = await run(c, s);
      const lines = `${r.stdout}${r.stderr}`.split("\n").map((l) => l.split(s.root).join("<root>"));

      expect({ code: r.code, lines }).toEqual({
        code: c.exit,
        lines: expect.arrayContaining([expect.stringContaining(c.message)]),
      });
      // Nothing outside the sandbox's own folders changed, and the sentinel kept its content.
      expect(changes(before.outside, tree(s.outside))).toEqual([]);
      expect(readFileSync(join(s.outside, "secret.txt"), "utf8")).toBe(sentinel);
      // A refused run wrote nothing at all; an accepted one only where it should.
      for (const where of ["work", "home"] as const) {
        const changed = changes(before[where], tree(s[where]));
        if (c.writes?.includes(where)) expect(changed.length).toBeGreaterThan(0);
        else expect(changed).toEqual([]);
      }
      // `::add-mask::` lines are the runner's masking commands, consumed by it, never shown in the log.
      const printed = lines.filter((l) => !l.startsWith("::add-mask::")).join("\n");
      expect(forbidden().filter((f) => printed.includes(f))).toEqual([]);
      expect(printed).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202a-\u202e]/);
    },
    120_000,
  );
});

test("the corpus has at least 30 refused cases and controls that write", () => {
  expect(PATH_CASES.filter((c) => c.exit !== 0).length).toBeGreaterThanOrEqual(30);
  expect(PATH_CASES.filter((c) => c.writes?.length).length).toBeGreaterThan(0);
});
