import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { InputError, readStackFile, type Stack } from "../core/stack";
import { staleReason } from "../core/stack-source";
import { FILE_LIMITS } from "../core/bounded-file";
import { readJsonFile, type DataError } from "../core/bounded-json";
import { hasCode } from "../core/errors";
import { checkPlace, readNamedText } from "../core/place";

/**
 * Reads the stacks under a path: a cdktf output directory (`<dir>/stacks/<name>/cdk.tf.json`, every stack), a
 * stack directory (`<dir>/cdk.tf.json`), or a cdk.tf.json file.
 * @param flag the command-line flag the path came from, for messages
 * @throws InputError naming the flag, the path and the fix
 */
export function loadStacks(path: string, flag: string): Stack[] {
  if (!existsSync(path)) {
    throw new InputError(
      `${flag} ${path}: not found. Run \`npm run synth\` first, or give the cdktf output directory (cdktf.out) or a stack directory.`,
    );
  }
  if (statSync(path).isFile()) return [readStack(path, basename(dirname(path)), flag)];
  if (existsSync(join(path, "cdk.tf.json"))) return [readStack(join(path, "cdk.tf.json"), basename(path), flag)];
  const stacksDir = join(path, "stacks");
  const names = existsSync(stacksDir) && statSync(stacksDir).isDirectory() ? readdirSync(stacksDir).sort() : [];
  const files = names.map((n) => [n, join(stacksDir, n, "cdk.tf.json")] as const).filter(([, f]) => existsSync(f));
  if (!files.length) {
    throw new InputError(
      `${flag} ${path}: no synthesized stacks in it (looked for ${join(path, "stacks", "<name>", "cdk.tf.json")} and ${join(path, "cdk.tf.json")}). Run \`npm run synth\` first.`,
    );
  }
  for (const [name] of files) {
    // A stack folder or file linked out of the output folder is not ours: refused, never read.
    const checked = checkPlace(path, `stacks/${name}/cdk.tf.json`, {
      rootName: "the output folder",
      expected: "a stack synthesized there",
      kind: "file",
    });
    if (checked.refusal)
      throw new InputError(
        `${flag} ${path}: stacks/${name}/cdk.tf.json ${checked.refusal.message}. Run \`npm run synth\` again.`,
      );
  }
  return files.map(([name, file]) => readStack(file, name, flag));
}

/**
 * A stack file, refused (failing closed) unless its record says which config it came from and that config is
 * unchanged (core/stack-source.ts). A baseline is an older synthesis by definition, so it is read without the check.
 */
function readStack(file: string, fallbackName: string, flag: string): Stack {
  if (flag !== "--baseline") {
    const refused = staleReason(file);
    if (refused) throw new InputError(`${flag} ${file}: ${refused}. Run \`npm run synth\` again, then review.`);
  }
  return readStackFile(file, fallbackName, flag);
}

/** Reads a plan JSON file (`terraform show -json plan`), bounded (core/bounded-json.ts); diffPlan checks its shape. */
export function readPlanFile(file: string): unknown {
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new InputError(
      `--plan ${file}: not found. Write it with: terraform plan -out plan && terraform show -json plan > ${file}`,
    );
  }
  try {
    // A place (a link out of its folder is refused), read within bounds, parsed as bounded JSON.
    return readJsonFile(file, FILE_LIMITS.stack, { source: `--plan ${file}`, read: readNamedText });
  } catch (err) {
    if (hasCode<DataError>(err, "WIF-E-FILE")) throw new InputError(`${err.clause}.`);
    if (hasCode<DataError>(err, "WIF-E-DATA"))
      throw new InputError(
        `${err.clause}. Give the output of terraform show -json <planfile>, not the plan file itself.`,
      );
    throw err;
  }
}
