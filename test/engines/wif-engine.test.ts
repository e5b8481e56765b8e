// WIF_ENGINE, which chooses the engine wif-synth synthesizes with (bin/run.cjs): cdktf when unset, empty or
// "cdktf", CDK Terrain for "cdktn", and every other value refused before anything runs — exit 2, one line naming
// the variable, the value as every printed value is shown (no secret, no control or invisible character), the fix,
// and nothing written.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, removeTemp, sh, shAsync, temp } from "../support/packages";
import { FIXTURES } from "../support/stacks";

const SECRET_JWT = `eyJhbGciOiJSUzI1NiJ9.${Buffer.from('{"sub":"planted-secret-subject-0001"}').toString("base64url")}.c2lnbmF0dXJlLXNpZ25hdHVyZQ`;
const PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";

/** Bad values by class: other names, case and spacing, control, invisible and direction characters, secrets, size. */
const BAD: ReadonlyArray<readonly [string, string]> = [
  ["another engine's name", "terraform"],
  ["the fork's long name", "cdk-terrain"],
  ["the right name in capitals", "CDKTN"],
  ["the right name with a space", " cdktn"],
  ["the right name with a newline", "cdktn\n"],
  ["an escape sequence", "\u001b[31mcdktn"],
  ["a right-to-left override", "cdk\u202Etn"],
  ["a zero-width space", "cdk\u200Btn"],
  ["a JWT", SECRET_JWT],
  ["a PEM private key", PEM],
  ["a value of 100,000 characters", "x".repeat(100_000)],
];

let work: string;
beforeAll(() => {
  sh("npm", ["run", "-s", "build:if-stale"], ROOT);
  work = temp("wif-engine-");
}, 120_000);
afterAll(removeTemp);

function synth(engine: string | undefined, outdir: string) {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: work };
  if (engine !== undefined) env.WIF_ENGINE = engine;
  const args = [join(ROOT, "bin", "wif-synth.cjs"), "--config", join(FIXTURES, "github.ini"), "--outdir", outdir];
  return shAsync(process.execPath, args, work, env);
}

describe("WIF_ENGINE", () => {
  test.each([
    ["unset", "0.21.0", undefined],
    ["empty", "0.21.0", ""],
    ["cdktf", "0.21.0", "cdktf"],
    ["cdktn", "0.24.0", "cdktn"],
  ] as const)(
    "%s: wif-synth synthesizes with the engine it names (version %s in the stack)",
    async (name, version, engine) => {
      const outdir = join(work, `ok-${name}`);
      const r = await synth(engine, outdir);
      expect(r.code).toBe(0);
      const stack = JSON.parse(readFileSync(join(outdir, "stacks", "wif", "cdk.tf.json"), "utf8"));
      expect(stack["//"].metadata.version).toBe(version);
    },
  );

  test.each(BAD)(
    "fails when it is %s: exit 2, one line, nothing written, nothing secret or raw printed",
    async (_c, value) => {
      const outdir = join(work, `bad-${readdirSync(work).length}`);
      const r = await synth(value, outdir);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      const lines = r.stderr.split("\n").filter(Boolean);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^error: WIF_ENGINE must be cdktf or cdktn; got ".*"\. Unset it for cdktf\.$/);
      expect(lines[0].length).toBeLessThan(200);
      // Nothing a terminal would act on, no secret.
      expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u200b\u202e]/);
      for (const secret of [
        "planted-secret-subject-0001",
        SECRET_JWT.split(".")[1],
        "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC",
      ])
        expect(r.stderr).not.toContain(secret);
      expect(existsSync(outdir)).toBe(false);
    },
  );
});
