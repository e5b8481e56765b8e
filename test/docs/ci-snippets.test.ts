// Each issuer family's CI snippet under docs/ci/ (core/issuers/, token.snippet) parses as what it is (YAML, or bash),
// sets up what the platform documents for a token, and runs wif-exchange with flags the command accepts and the
// token source of that family.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { main as exchange } from "../../client/exchange-cli";
import { chooseTokenSource } from "../../client/token-source";
import { stringFlag, parseFlags, type FlagSpec } from "../../cli/flags";
import { ISSUERS, issuerFamily, type IssuerFamily } from "../../core/issuers";
import { KUBERNETES_TOKEN_PATH } from "../../core/issuers/kubernetes";
import { ROOT } from "../support/stacks";
import { removeTempDirs, run, tempDir } from "../client/harness";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require("js-yaml") as { load(text: string): any };

afterAll(removeTempDirs);

/** Every string in a parsed YAML document. */
function strings(node: unknown): string[] {
  if (typeof node === "string") return [node];
  if (Array.isArray(node)) return node.flatMap(strings);
  if (node && typeof node === "object") return Object.values(node).flatMap(strings);
  return [];
}

/** The words of a shell command, quotes removed (what the snippets use: plain words, '…' and "…"). */
function words(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** Each wif-exchange invocation's arguments, up to a redirection or the next command. */
function invocations(text: string): string[][] {
  const out: string[][] = [];
  for (const line of text.split("\n")) {
    const at = line.indexOf("wif-exchange ");
    if (at < 0 || /^\s*#/.test(line) || line.includes("command -v")) continue;
    const rest = words(line.slice(at + "wif-exchange ".length));
    const end = rest.findIndex((w) => w === ">" || w === "&&" || w === "|" || w === ";" || w === "\\");
    out.push(end < 0 ? rest : rest.slice(0, end));
  }
  return out;
}

const snippet = (f: IssuerFamily) => readFileSync(join(ROOT, f.token.snippet), "utf8");
const isYaml = (f: IssuerFamily) => /\.ya?ml$/.test(f.token.snippet);
const commandText = (f: IssuerFamily) => (isYaml(f) ? strings(yaml.load(snippet(f))).join("\n") : snippet(f));

/** What each platform needs before a job has a token, read from the parsed snippet. */
const SETUP: Record<string, (doc: any, text: string) => void> = {
  github: (doc) => expect(doc.permissions["id-token"]).toBe("write"),
  gitlab: (doc, text) => {
    const job = Object.values<any>(doc).find((j) => j?.id_tokens);
    const [name] = Object.keys(job.id_tokens);
    expect(job.id_tokens[name].aud).toBeTruthy();
    expect(invocations(text)[0]).toEqual(expect.arrayContaining(["--token-env", name]));
  },
  bitbucket: (doc) => expect(doc.pipelines.branches.main[0].step.oidc).toBe(true),
  "azure-devops": (doc) =>
    expect(doc.steps.find((s: any) => s.script?.includes("wif-exchange")).env.SYSTEM_ACCESSTOKEN).toBe(
      "$(System.AccessToken)",
    ),
  circleci: (doc) => expect(doc.workflows.deploy.jobs[0].deploy.context).toBeTruthy(),
  buildkite: (doc) => expect(doc.steps[0].command.some((c: string) => c.includes("wif-exchange"))).toBe(true),
  kubernetes: (doc) => {
    const spec = doc.spec.template.spec;
    const volume = spec.volumes.find((v: any) => v.projected);
    const source = volume.projected.sources[0].serviceAccountToken;
    expect(source.audience).toBeTruthy();
    const mount = spec.containers[0].volumeMounts.find((m: any) => m.name === volume.name);
    expect(`${mount.mountPath}/${source.path}`).toBe(KUBERNETES_TOKEN_PATH);
  },
  spacelift: (doc) => expect(doc.stack_defaults.before_init.join("\n")).toContain("--token-from spacelift"),
};

describe.each(ISSUERS.map((f) => [f.id, f] as const))("the %s snippet", (_id, family) => {
  test("parses as what it is", () => {
    if (isYaml(family)) expect(() => yaml.load(snippet(family))).not.toThrow();
    else {
      const r = spawnSync("bash", ["-n", join(ROOT, family.token.snippet)], { encoding: "utf8" });
      expect([r.status, r.stderr]).toEqual([0, ""]);
    }
  });

  test("runs wif-exchange with flags it accepts, getting the token from this platform", async () => {
    const calls = invocations(commandText(family));
    expect(calls.length).toBeGreaterThan(0);
    for (const argv of calls) {
      // The command itself parses the flags: with no runtimeConfig.ini here it stops there, never at a flag.
      const r = await run(exchange, argv, { cwd: tempDir(), home: tempDir(), env: {} });
      expect(r.code).toBe(2);
      expect(r.err.join("\n")).not.toMatch(/unknown flag|needs a value|takes no value|unexpected argument/);
      const flags = parseFlags(argv, SPECS);
      const env = Object.fromEntries(family.token.detect.map((v) => [v, "set"]));
      const choice = chooseTokenSource(
        {
          tokenFile: stringFlag(flags, "token-file"),
          tokenEnv: stringFlag(flags, "token-env"),
          github: Boolean(flags.github),
          tokenFrom: stringFlag(flags, "token-from"),
        },
        env,
        { ambient: true },
      );
      expect(choice.kind === "issuer" ? choice.issuer!.family.id : family.id).toBe(family.id);
    }
  });

  if (SETUP[family.id]) {
    test("sets up what the platform needs before the job has a token", () => {
      SETUP[family.id](isYaml(family) ? yaml.load(snippet(family)) : undefined, commandText(family));
    });
  }
});

/** wif-exchange's flags, as far as the snippets use them (parseFlags refuses the rest). */
const SPECS: Record<string, FlagSpec> = Object.fromEntries(
  [
    ["runtime-config", "string"],
    ["token-from", "string"],
    ["token-env", "string"],
    ["token-file", "string"],
    ["profile", "string"],
    ["config-file", "string"],
    ["env", "boolean"],
    ["github-env", "boolean"],
    ["github", "boolean"],
  ].map(([name, type]) => [name, { type: type as "string" | "boolean", help: "" }]),
);

test("every family's snippet is a different file", () => {
  const files = ISSUERS.map((f) => f.token.snippet);
  expect(new Set(files).size).toBe(files.length);
  expect(issuerFamily("github")!.token.snippet).toBe("docs/ci/github-actions-exchange.yml");
});
