import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { InputError, readStackFile, type Stack } from "../core/stack";

/**
 * Reads the stacks under a path: a cdktf output directory (`<dir>/stacks/<name>/cdk.tf.json`, every stack), a
 * stack directory (`<dir>/cdk.tf.json`), or a cdk.tf.json file.
 * @param flag the command-line flag the path came from, for messages
 * @throws InputError naming the flag, the path and the fix
 */
export function loadStacks(path: string, flag: string): Stack[] {
  if (!existsSync(path)) {
    throw new InputError(`${flag} ${path}: not found. Run \`npm run synth\` first, or give the cdktf output directory (cdktf.out) or a stack directory.`);
  }
  if (statSync(path).isFile()) return [readStackFile(path, basename(dirname(path)), flag)];
  if (existsSync(join(path, "cdk.tf.json"))) return [readStackFile(join(path, "cdk.tf.json"), basename(path), flag)];
  const stacksDir = join(path, "stacks");
  const names = existsSync(stacksDir) && statSync(stacksDir).isDirectory() ? readdirSync(stacksDir).sort() : [];
  const files = names.map((n) => [n, join(stacksDir, n, "cdk.tf.json")] as const).filter(([, f]) => existsSync(f));
  if (!files.length) {
    throw new InputError(
      `${flag} ${path}: no synthesized stacks in it (looked for ${join(path, "stacks", "<name>", "cdk.tf.json")} and ${join(path, "cdk.tf.json")}). Run \`npm run synth\` first.`,
    );
  }
  return files.map(([name, file]) => readStackFile(file, name, flag));
}

/** Reads a plan JSON file (`terraform show -json plan`). */
export function readPlanFile(file: string): unknown {
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new InputError(`--plan ${file}: not found. Write it with: terraform plan -out plan && terraform show -json plan > ${file}`);
  }
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new InputError(`--plan ${file}: not valid JSON (${(err as Error).message}). Give the output of terraform show -json <planfile>, not the plan file itself.`);
  }
}
