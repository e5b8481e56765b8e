/**
 * Prepares the UPST broker function's image context: bundles functions/upst-broker/src (our code only; the
 * dependencies stay in node_modules, installed from the function's own package-lock.json by the Dockerfile) into
 * functions/upst-broker/dist/func.js, and checks that the context has what the Dockerfile copies.
 *
 *   npm run build:broker
 *   cd functions/upst-broker && fn deploy --app <label>-app    # or: docker build -t <image> . && docker push <image>
 */
import { build } from "esbuild";
import { existsSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const dir = join(__dirname, "..", "functions", "upst-broker");

async function main(): Promise<void> {
  const outfile = join(dir, "dist", "func.js");
  await build({
    entryPoints: [join(dir, "src", "func.ts")],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    packages: "external",
    sourcemap: false,
    legalComments: "none",
    logLevel: "warning",
  });
  for (const f of ["package.json", "package-lock.json", "Dockerfile", "func.yaml"]) {
    if (!existsSync(join(dir, f))) throw new Error(`${relative(process.cwd(), join(dir, f))} is missing`);
  }
  process.stdout.write(
    `wrote ${relative(process.cwd(), outfile)} (${(statSync(outfile).size / 1024).toFixed(1)} KiB); the image context is ${relative(process.cwd(), dir) || "."}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
