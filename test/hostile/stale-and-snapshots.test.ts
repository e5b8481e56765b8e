// Stale output (item 5) and the snapshot backstop (item 9).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesize } from "../../app/synth";
import { main as reviewMain } from "../../review/cli";
import { REDACTION_PLACEHOLDERS } from "../../core/redact";
import { ROOT } from "../support/stacks";
import { BASE, withKey } from "./corpus-support";

describe("stale output", () => {
  let dir: string;
  const config = () => join(dir, "setupConfig.ini");
  const outdir = () => join(dir, "cdktf.out");
  const stack = () => join(outdir(), "stacks", "wif", "cdk.tf.json");
  const synth = () => synthesize({ configPath: config(), outdir: outdir(), log: () => undefined });
  const review = async () => {
    const err: string[] = [];
    const code = await reviewMain(["--outdir", outdir(), "--markdown", join(dir, "review.md")], {
      out: () => undefined,
      err: (l) => err.push(`${l}\n`),
    });
    return { code, err: err.join("") };
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "wif-stale-"));
    writeFileSync(config(), BASE);
    expect(synth().exitCode).toBe(0);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("fails when the synthesis fails: the stack it would have replaced is removed, and the review finds none", async () => {
    writeFileSync(config(), withKey("Trust github", "issuer", "http://not-https.example"));
    expect(synth().exitCode).toBe(2);
    expect(existsSync(stack())).toBe(false);
    const r = await review();
    expect(r.code).toBe(2);
    expect(r.err).toContain("no synthesized stacks in it");
  });

  test("fails when the config changed after the synthesis: the review refuses the stale stack", async () => {
    writeFileSync(config(), withKey("Trust github", "audience", "another-audience"));
    const r = await review();
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `error: --outdir ${stack()}: stale: ${config()} has changed since this stack was synthesized. Run \`npm run synth\` again, then review.\n`,
    );
  });

  test("reviews a stack whose config is unchanged", async () => {
    expect((await review()).code).toBe(0);
  });
});

describe("snapshots", () => {
  test("hold none of the scrubber's or the redactor's secret placeholders, so a leak fails here instead of hiding in a snapshot diff", () => {
    const dir = join(ROOT, "test", "__snapshots__");
    const files = readdirSync(dir).filter((f) => f.endsWith(".snap"));
    expect(files.length).toBeGreaterThan(0);
    const placeholders = ["<private-key>", "<jwt>", "<client-secret>", ...REDACTION_PLACEHOLDERS];
    const found = files.flatMap((f) =>
      placeholders.filter((p) => readFileSync(join(dir, f), "utf8").includes(p)).map((p) => `${f}: ${p}`),
    );
    expect(found).toEqual([]);
  });
});
