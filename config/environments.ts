import { readdirSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { parseIni, type IniDocument } from "../core/ini-file";
import { ConfigError, ProblemList, type ConfigProblem } from "../core/problems";
import { hasCode } from "../core/errors";
import { parseConfig, type LoadedConfig } from "./load-config";
import type { WifConfig } from "./model";
import { FILE_LIMITS, type FileRefusedError } from "../core/bounded-file";
import {
  checkPlace,
  ENVIRONMENT_NAME,
  nameRefusal,
  readNamedText,
  readPlaceText,
  truncatedValue,
  type Place,
  type PlaceRule,
} from "../core/place";
import { noteInput } from "../core/stack-source";

/**
 * Many environments from one config: the base setupConfig.ini names a folder (`[Environments] dir = envs`), and
 * every `envs/<name>.ini` in it overlays the base — a section it has replaces the base's keys one by one (a list key
 * as a whole), a section only it has is added. Each environment becomes its own stack, with its own state, provider
 * profile and region. Messages about the merged config name the file and line each value came from.
 */

/** One environment: its name (the overlay's file name) and its files. */
export interface EnvironmentSource {
  readonly name: string;
  /** The overlay, as messages name it (relative to the working directory when the base was given so). */
  readonly file: string;
  readonly baseFile: string;
  /** The overlay's checked place under the config's folder (core/place.ts): what is read. */
  readonly place: Place;
}

const MAX_ENVIRONMENTS = 100;
const MAX_FILE_BYTES = 1024 * 1024;

/** The folder and the overlays stay under the config's folder; a link out of it is refused, and never followed. */
const ENV_DIR: PlaceRule = {
  rootName: "the config's folder",
  expected: "a folder under the config's folder, such as envs",
  kind: "directory",
};
const OVERLAY: PlaceRule = {
  rootName: "the config's folder",
  expected: "a regular <env>.ini file in the environments folder",
  kind: "file",
  mustExist: true,
};

/**
 * The environments the base config declares, or undefined when it has no `[Environments]` section (one stack, as
 * before). Throws {@link ConfigError} when the folder is missing, not under the config's folder, or holds a badly
 * named or refused overlay. Nothing but the folder's listing is read here.
 */
export function findEnvironments(basePath: string): EnvironmentSource[] | undefined {
  let text: string;
  try {
    text = readNamedText(basePath, FILE_LIMITS.config);
  } catch {
    return undefined; // the normal loader reports an unreadable file
  }
  const doc = parseIni(text, basePath, new ProblemList());
  const section = doc.sections.find((s) => s.type === "environments" && !s.label);
  const entry = section?.entries.get("dir");
  if (!section || !entry) return undefined;
  const where = { file: basePath, section: section.name, key: "dir", line: entry.line };
  const dirValue = entry.values[0].trim().replace(/\/+$/, "");
  const baseDir = dirname(resolve(basePath));
  const checked = checkPlace(baseDir, dirValue, ENV_DIR);
  if (checked.refusal) throw new ConfigError([{ ...where, value: truncatedValue(dirValue), ...checked.refusal }]);
  if (!checked.place.exists) {
    throw new ConfigError([
      {
        ...where,
        value: dirValue,
        message: "is not a folder",
        fix: `Create ${join(dirname(basePath), dirValue)} with one <env>.ini per environment.`,
      },
    ]);
  }
  const files = readdirSync(checked.place.real!)
    .filter((f) => f.endsWith(".ini"))
    .sort();
  const problems: ConfigProblem[] = [];
  const envs: EnvironmentSource[] = [];
  for (const f of files.slice(0, MAX_ENVIRONMENTS)) {
    const file = join(dirname(basePath), dirValue, f);
    const name = basename(f, ".ini");
    const badName = nameRefusal(name, ENVIRONMENT_NAME);
    if (badName) {
      problems.push({
        file,
        message: "is not a valid environment name",
        value: truncatedValue(name),
        fix: `Name overlays <env>.ini with ${ENVIRONMENT_NAME.allowed} (at most ${ENVIRONMENT_NAME.maxLength}).`,
      });
      continue;
    }
    const overlay = checkPlace(baseDir, `${dirValue}/${f}`, OVERLAY);
    // A refused overlay is named, never read: its content is not ours to print.
    if (overlay.refusal) problems.push({ file, ...overlay.refusal });
    else envs.push({ name, file, baseFile: basePath, place: overlay.place });
  }
  if (!files.length)
    problems.push({
      ...where,
      value: dirValue,
      message: "holds no <env>.ini overlay",
      fix: "Add one file per environment, e.g. dev.ini.",
    });
  if (files.length > MAX_ENVIRONMENTS)
    problems.push({
      ...where,
      value: dirValue,
      message: `holds ${files.length} overlays; at most ${MAX_ENVIRONMENTS} are read`,
    });
  if (problems.length) throw new ConfigError(problems);
  return envs;
}

/** Where a line of the merged text came from. */
interface Origin {
  readonly file: string;
  readonly line?: number;
}

/** Loads one environment: the base with its overlay, validated as one config. Throws {@link ConfigError}. */
export function loadEnvironment(env: EnvironmentSource): LoadedConfig {
  const read = (file: string, place?: Place) => {
    try {
      const text = place ? readPlaceText(place, FILE_LIMITS.config) : readNamedText(file, FILE_LIMITS.config);
      noteInput(file, text); // for the stack's record (core/stack-source.ts)
      if (Buffer.byteLength(text) > MAX_FILE_BYTES)
        throw new ConfigError([{ file, message: `is larger than ${MAX_FILE_BYTES} bytes` }]);
      return text;
    } catch (err) {
      if (hasCode<ConfigError>(err, "WIF-E-CONFIG")) throw err;
      // Not a regular file, too large, or not UTF-8: the reason says which (and, for an encoding, the fix).
      if (hasCode<FileRefusedError>(err, "WIF-E-FILE")) throw new ConfigError([{ file, message: err.reason }]);
      throw new ConfigError([
        { file, message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` },
      ]);
    }
  };
  const { text, origins } = mergeOverlay(
    read(env.baseFile),
    env.baseFile,
    read(env.file, env.place),
    env.file,
    env.name,
  );
  const mapped = (p: ConfigProblem): ConfigProblem => {
    const origin = p.line !== undefined ? origins[p.line - 1] : undefined;
    return { ...p, file: origin?.file ?? env.file, line: origin?.line };
  };
  try {
    const loaded = parseConfig(text, env.file, dirname(resolve(env.baseFile)));
    return { config: loaded.config, warnings: loaded.warnings.map(mapped) };
  } catch (err) {
    if (hasCode<ConfigError>(err, "WIF-E-CONFIG")) throw new ConfigError(err.problems.map(mapped));
    throw err;
  }
}

/**
 * Refuses an environment that would share what must be its own with one already built: its stack (stack_name),
 * its state (the backend's place) or its runtimeConfig.ini. Throws {@link ConfigError} naming the key and the other
 * environment.
 */
export function checkEnvironmentClashes(
  env: EnvironmentSource,
  config: WifConfig,
  built: ReadonlyArray<{ readonly env: EnvironmentSource; readonly config: WifConfig }>,
): void {
  const clash = built.find((b) => b.config.stackName === config.stackName);
  if (clash)
    throw new ConfigError([
      {
        file: env.file,
        section: "WIFConfig",
        key: "stack_name",
        value: config.stackName,
        message: `is also the stack of environment ${clash.env.name}`,
        fix: "Give each environment its own stack_name.",
      },
    ]);
  const shared = built.find((b) => sameState(b.config, config));
  if (shared)
    throw new ConfigError([
      {
        file: env.file,
        section: "Backend",
        key: "key",
        message: `names the state of environment ${shared.env.name}, so one would overwrite the other`,
        fix: "Leave key unset (each stack gets <stack_name>/terraform.tfstate) or give each environment its own.",
      },
    ]);
  const sameFile = built.find((b) => b.config.runtimeConfigPath === config.runtimeConfigPath);
  if (sameFile)
    throw new ConfigError([
      {
        file: env.file,
        section: "WIFConfig",
        key: "runtime_config_path",
        value: config.runtimeConfigPath,
        message: `is also where environment ${sameFile.env.name} writes runtimeConfig.ini`,
        fix: "Leave it unset (runtimeConfig.<env>.ini) or give each environment its own.",
      },
    ]);
}

/** Whether two configs would keep their state in the same place. */
function sameState(a: WifConfig, b: WifConfig): boolean {
  const where = (c: WifConfig): string | undefined => {
    const s = c.backend;
    if (!s) return undefined; // local files are named after the (distinct) stack
    if (s.type === "local") return s.path && `local ${s.path}`;
    if (s.type === "http") return `http ${s.address}`;
    if (s.type === "oci") return `oci ${s.namespace}/${s.bucket}/${s.key}`;
    return `s3 ${s.endpoint}/${s.bucket}/${s.key}`;
  };
  const [x, y] = [where(a), where(b)];
  return x !== undefined && x === y;
}

const HEADER = /^\s*\[(.*)\]\s*$/;
const normal = (name: string) => name.trim().replace(/\s+/g, " ").toLowerCase();

/**
 * The base's text with the overlay applied, and the origin of every line. Keys the overlay sets are blanked in the
 * base and written under the base's header; per-environment defaults (stack name, runtimeConfig.ini, profile) are
 * added unless the overlay sets them, so two environments never share a stack, a state file or a client file.
 */
export function mergeOverlay(
  baseText: string,
  baseFile: string,
  overlayText: string,
  overlayFile: string,
  env: string,
): { text: string; origins: Origin[] } {
  const problems = new ProblemList();
  const overlay = parseIni(overlayText, overlayFile, problems);
  const base = parseIni(baseText, baseFile, new ProblemList()); // the merged text reports the base's own mistakes
  const nested = overlay.sections.find((s) => s.type === "environments");
  if (nested)
    problems.error({
      file: overlayFile,
      line: nested.line,
      section: nested.name,
      message: "belongs in the base config only",
      fix: "Remove it from the overlay.",
    });
  problems.throwIfAny();

  const defaults = environmentDefaults(base, overlay, env);
  const overlayLines = overlayText.replace(/^\uFEFF/, "").split(/\r?\n/);
  const bySection = new Map(overlay.sections.map((s) => [normal(s.name), s]));
  const out: Array<{ text: string; origin: Origin }> = [];
  const emitOverlaySection = (name: string) => {
    for (const entry of bySection.get(name)!.entries.values()) {
      for (const line of entry.lines) out.push({ text: overlayLines[line - 1], origin: { file: overlayFile, line } });
    }
  };
  const used = new Set<string>();
  let current: string | undefined;
  baseText
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const origin = { file: baseFile, line: i + 1 };
      const header = HEADER.exec(raw);
      if (header) {
        current = normal(header[1]);
        out.push({ text: raw, origin });
        if (bySection.has(current) && !used.has(current)) {
          used.add(current);
          emitOverlaySection(current);
        }
        return;
      }
      const eq = raw.indexOf("=");
      const trimmed = raw.trim();
      const key = eq > 0 ? raw.slice(0, eq).trim().replace(/\[\]$/, "").trim().toLowerCase() : undefined;
      const overridden =
        key &&
        current &&
        !trimmed.startsWith(";") &&
        !trimmed.startsWith("#") &&
        (bySection.get(current)?.entries.has(key) || (current === "wifconfig" && defaults.some(([k]) => k === key)));
      out.push({ text: overridden ? "" : raw, origin });
    });
  for (const s of overlay.sections) {
    const name = normal(s.name);
    if (used.has(name)) continue;
    out.push({ text: overlayLines[s.line - 1], origin: { file: overlayFile, line: s.line } });
    emitOverlaySection(name);
  }
  if (defaults.length) {
    const lines = defaults.map(([k, v]) => ({ text: `${k} = ${v}`, origin: { file: overlayFile } }));
    const at = out.findIndex((l) => HEADER.test(l.text) && normal(HEADER.exec(l.text)![1]) === "wifconfig");
    if (at >= 0) out.splice(at + 1, 0, ...lines);
    else out.push({ text: "[WIFConfig]", origin: { file: overlayFile } }, ...lines);
  }
  return { text: out.map((l) => l.text).join("\n"), origins: out.map((l) => l.origin) };
}

/** `[WIFConfig]` keys that must differ per environment and that the overlay leaves unset, with their values. */
function environmentDefaults(base: IniDocument, overlay: IniDocument, env: string): Array<[string, string]> {
  const valueIn = (doc: IniDocument, key: string) =>
    doc.sections
      .find((s) => s.type === "wifconfig" && !s.label)
      ?.entries.get(key)
      ?.values[0].trim() || undefined;
  const defaults: Array<[string, string]> = [];
  const add = (key: string, fromBase: (v: string | undefined) => string) => {
    if (!overlay.sections.some((s) => s.type === "wifconfig" && !s.label && s.entries.has(key)))
      defaults.push([key, fromBase(valueIn(base, key))]);
  };
  add("stack_name", (v) => `${v ?? "wif"}-${env}`);
  add("profile_name", (v) => `${v ?? "wif"}-${env}`);
  add("runtime_config_path", (v) => (v ?? "runtimeConfig.ini").replace(/(\.ini)?$/i, `.${env}$1`));
  return defaults;
}
