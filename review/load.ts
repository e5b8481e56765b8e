import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { InputError, readStackFile, type Stack } from "../core/stack";
import { staleReason } from "../core/stack-source";
import { FILE_LIMITS, jsonSyntaxReason, type FileRefusedError } from "../core/bounded-file";
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

/** A stack file, refused when the config it was synthesized from has changed since. */
function readStack(file: string, fallbackName: string, flag: string): Stack {
  const stale = staleReason(file);
  if (stale) throw new InputError(`${flag} ${file}: stale: ${stale}. Run \`npm run synth\` again, then review.`);
  return readStackFile(file, fallbackName, flag);
}

/** Reads a plan JSON file (`terraform show -json plan`). */
export function readPlanFile(file: string): unknown {
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new InputError(
      `--plan ${file}: not found. Write it with: terraform plan -out plan && terraform show -json plan > ${file}`,
    );
  }
  let text: string;
  try {
    text = readNamedText(file, FILE_LIMITS.stack);
  } catch (err) {
    const why = hasCode<FileRefusedError>(err, "WIF-E-FILE")
      ? err.reason
      : `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
    throw new InputError(`--plan ${file}: ${why}.`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(
      `--plan ${file}: ${jsonSyntaxReason(err)}. Give the output of terraform show -json <planfile>, not the plan file itself.`,
    );
  }
}
