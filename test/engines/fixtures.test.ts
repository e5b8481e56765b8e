// The app on both engines, from outside: wif-synth (bin/wif-synth.cjs, the built bundles) synthesizes every fixture
// once with cdktf and once with CDK Terrain (WIF_ENGINE=cdktn), and the stacks written to disk are compared. The
// resource, data and output blocks — what Terraform plans — must serialize to the same bytes; the files as a whole
// may differ only in the engine's version in the metadata and in how an empty object is spaced (cdktn writes its
// files with safe-stable-stringify, `{}`; cdktf with json-stable-stringify, `{` and `}` on two lines).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, removeTemp, sh, shAsync, temp } from "../support/packages";
import { FIXTURES, stableJson } from "../support/stacks";

const ENGINES = ["cdktf", "cdktn"] as const;
const VERSION = { cdktf: "0.21.0", cdktn: "0.24.0" };
const NAMES = readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".ini"))
  .map((f) => f.slice(0, -".ini".length))
  .sort();

interface Run {
  code: number;
  stdout: string;
  text: string;
  doc: any;
}
const runs: Record<string, Record<(typeof ENGINES)[number], Run>> = {};

/** The file's text without what may differ between the engines: their version, the spacing of `{}`. */
function withoutEngine(text: string): string {
  return text.replace(/^( {6}"version": )"0\.2[14]\.0"/m, '$1"<engine>"').replace(/\{\n\s*\}/g, "{}");
}

beforeAll(async () => {
  sh("npm", ["run", "-s", "build:if-stale"], ROOT);
  const work = temp("wif-engines-");
  const jobs = NAMES.flatMap((name) => ENGINES.map((engine) => ({ name, engine })));
  // Two at a time: the machine these run on has two cores.
  const next = async (): Promise<void> => {
    const job = jobs.shift();
    if (!job) return;
    const outdir = join(work, job.engine, job.name);
    const env = { PATH: process.env.PATH, HOME: work, WIF_ENGINE: job.engine };
    const args = [
      join(ROOT, "bin", "wif-synth.cjs"),
      "--config",
      join(FIXTURES, `${job.name}.ini`),
      "--outdir",
      outdir,
    ];
    const r = await shAsync(process.execPath, args, work, env);
    const stacks = join(outdir, "stacks");
    const file = r.code === 0 ? join(stacks, readdirSync(stacks)[0], "cdk.tf.json") : undefined;
    const text = file ? readFileSync(file, "utf8") : "";
    runs[job.name] ??= {} as (typeof runs)[string];
    runs[job.name][job.engine] = {
      code: r.code,
      stdout: r.stdout.split(join(job.engine, job.name)).join("<out>"),
      text,
      doc: text && JSON.parse(text),
    };
    await next();
  };
  await Promise.all([next(), next()]);
}, 240_000);
afterAll(removeTemp);

test("there are fixtures to compare", () => {
  expect(NAMES.length).toBeGreaterThanOrEqual(9);
});

describe.each(NAMES)("the %s fixture under cdktf and CDK Terrain", (name) => {
  test("synthesizes with each engine: exit 0, the same summary, each stack stamped with its engine's version", () => {
    const { cdktf, cdktn } = runs[name];
    expect([cdktf.code, cdktn.code]).toEqual([0, 0]);
    expect(cdktn.stdout).toBe(cdktf.stdout);
    expect(cdktf.doc["//"].metadata.version).toBe(VERSION.cdktf);
    expect(cdktn.doc["//"].metadata.version).toBe(VERSION.cdktn);
  });

  test("writes byte-identical resource, data and output blocks", () => {
    const { cdktf, cdktn } = runs[name];
    expect(Object.keys(cdktf.doc.resource ?? {}).length).toBeGreaterThan(0);
    for (const block of ["resource", "data", "output"])
      expect([block, stableJson(cdktn.doc[block])]).toEqual([block, stableJson(cdktf.doc[block])]);
  });

  test("writes the same file apart from the engine's version and the spacing of empty objects", () => {
    const { cdktf, cdktn } = runs[name];
    expect(withoutEngine(cdktn.text)).toBe(withoutEngine(cdktf.text));
  });
});
