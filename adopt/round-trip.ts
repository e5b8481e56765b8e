import { resolve } from "node:path";
import { parseConfig, type LoadedConfig } from "../config/load-config";
import { hasCode, WifError } from "../core/errors";
import { parseIni } from "../core/ini-file";
import { MAX_PRINTED_PROBLEMS } from "../core/limits";
import { type ConfigError, type ConfigProblem, ProblemList } from "../core/problems";
import type { ImportRefusal } from "./discover";
import type { Rendered, RenderedValue } from "./render";

/**
 * The importer writes only what the loader reads back as the same thing. Before anything is written, the config
 * it rendered goes through the real loader (config/load-config.ts) in memory, with the imports file it would write
 * beside it; every problem the loader finds is refused, named by the domain object and attribute it came from.
 * Then each value is read back and compared with the domain's: a value the ini format cannot carry as it is
 * (white space at either end, which the reader trims) or that the loader would read as something else (an
 * audience holding `,`, which would become two audiences and widen what the trust accepts; a rule the loader
 * would synthesize differently) is refused too.
 */

/** The domain holds values the importer will not write; nothing was written. Exit code 2. */
export class ImportRefusedError extends WifError {
  constructor(public readonly refusals: readonly ImportRefusal[]) {
    const shown = refusals.slice(0, MAX_PRINTED_PROBLEMS).map((r) => `  ${r.object} ${r.field}: ${r.why}.`);
    const more = refusals.length - shown.length;
    super("WIF-E-IMPORT-VALUE", "badInput", [
      `the domain holds ${refusals.length === 1 ? "a value" : `${refusals.length} values`} setupConfig.ini must not or cannot hold as ${refusals.length === 1 ? "it is" : "they are"}; nothing was written:`,
      ...shown,
      ...(more > 0 ? [`  … and ${more} more`] : []),
      "Fix them in the domain, or leave their trust out with --issuer or --trust-name.",
    ]);
    this.name = "ImportRefusedError";
  }
}

/** Where the rendered files would be written. */
export interface RoundTripTarget {
  /** setupConfig.ini's path, as messages name it. */
  readonly file: string;
  /** The directory of setupConfig.ini. */
  readonly baseDir: string;
  /** The imports file's path and text, read by the loader instead of the disk. */
  readonly importsPath: string;
  readonly importsText: string;
}

/**
 * Everything refused: what discovery and rendering refused (`earlier`), then what the loader refuses in the rendered
 * config and what it would read back differently. A loader complaint that only follows from a value refused
 * earlier (a required key left out, a name left to its default) is not repeated, and each attribute is named once,
 * with its most precise reason. Empty when the config may be written.
 */
export function checkRoundTrip(
  rendered: Rendered,
  target: RoundTripTarget,
  earlier: readonly ImportRefusal[] = [],
): ImportRefusal[] {
  const found: Array<ImportRefusal & { precise: boolean }> = [];
  let loaded: LoadedConfig | undefined;
  try {
    loaded = parseConfig(rendered.ini, target.file, target.baseDir, {
      files: new Map([[resolve(target.importsPath), target.importsText]]),
    });
  } catch (err) {
    if (!hasCode<ConfigError>(err, "WIF-E-CONFIG")) throw err;
    for (const p of err.problems) {
      if (p.section !== undefined && p.key !== undefined && rendered.omissions.has(`${p.section}\u0000${p.key}`))
        continue;
      found.push(refusalOf(p, rendered));
    }
  }
  found.push(...readBack(rendered).map((r) => ({ ...r, precise: true })));
  if (loaded) found.push(...meaning(rendered, loaded).map((r) => ({ ...r, precise: false })));
  // Problems located on the value's own line first: "contains U+0007 at column 5" before "at least one rule is needed".
  found.sort((a, b) => Number(b.precise) - Number(a.precise));
  const refusedObjects = new Set(earlier.map((r) => r.object));
  const seen = new Set(earlier.map((r) => `${r.object}\u0000${r.field}`));
  const out: ImportRefusal[] = [...earlier];
  for (const { precise: _, ...r } of found) {
    const key = `${r.object}\u0000${r.field}`;
    if (seen.has(key) || refusedObjects.has(r.object)) continue;
    seen.add(key);
    out.push(r);
  }
  return out;
}

/** A loader problem as a refusal of the domain value it came from; `precise` when located on the value's line. */
function refusalOf(p: ConfigProblem, rendered: Rendered): ImportRefusal & { precise: boolean } {
  const atLine = p.line !== undefined ? rendered.values.find((v) => v.line === p.line) : undefined;
  if (atLine) return { ...atLine.origin, why: p.message, precise: true };
  const section = p.section !== undefined ? rendered.sections.get(p.section) : undefined;
  if (section) {
    const keyed = rendered.values.find(
      (v) => v.key.replace(/\[\]$/, "") === p.key && sectionOfLine(rendered, v.line) === p.section,
    );
    return { ...(keyed?.origin ?? section.origin), why: p.message, precise: false };
  }
  return { object: "the config as a whole", field: p.section ?? p.key ?? "-", why: p.message, precise: false };
}

/** The section a line of the rendered config is in. */
function sectionOfLine(rendered: Rendered, line: number): string | undefined {
  let best: [string, number] | undefined;
  for (const [name, s] of rendered.sections) if (s.line < line && (!best || s.line > best[1])) best = [name, s.line];
  return best?.[0];
}

/** Each value as the ini reader reads it back (decoded and trimmed, as the loader sees it), against the domain's. */
function readBack(rendered: Rendered): ImportRefusal[] {
  const doc = parseIni(rendered.ini, "setupConfig.ini", new ProblemList());
  const byLine = new Map<number, string>();
  for (const s of doc.sections)
    for (const e of s.entries.values()) e.lines.forEach((line, i) => byLine.set(line, e.values[i]));
  const out: ImportRefusal[] = [];
  for (const v of rendered.values) {
    const got = byLine.get(v.line)?.trim();
    if (got === v.value) continue;
    out.push({ ...v.origin, why: differs(v, got) });
  }
  return out;
}

function differs(v: RenderedValue, got: string | undefined): string {
  if (v.value.trim() !== v.value) return "starts or ends with white space, which setupConfig.ini does not keep";
  if (got === undefined) return "cannot be written as one ini value";
  return `would be read back as ${JSON.stringify(got)}`;
}

/**
 * What the loader makes of the values, against the domain's: a list split at commas, a rule parsed as the typed
 * rule syntax, a statement, a name left to its default.
 */
function meaning(rendered: Rendered, loaded: LoadedConfig): ImportRefusal[] {
  const out: ImportRefusal[] = [];
  const { config } = loaded;
  for (const [label, t] of rendered.trusts) {
    const c = config.trusts.find((x) => x.label === label);
    const object = rendered.sections.get(`Trust ${label}`)!.origin.object;
    if (!c) continue;
    const want = [...new Set(t.audiences)];
    if (JSON.stringify(want) !== JSON.stringify(c.audiences)) {
      const comma = t.audiences.find((a) => a.includes(","));
      out.push({
        object,
        field: "clientClaimValues",
        why: comma
          ? `holds the audience ${JSON.stringify(comma)}, which setupConfig.ini would split at ',' into ${c.audiences.length} audiences, widening what the trust accepts`
          : `would be read back as ${JSON.stringify(c.audiences)}`,
      });
    }
    if (c.name !== t.name) out.push({ object, field: "name", why: `would be read back as ${JSON.stringify(c.name)}` });
    if (c.issuer !== t.issuer)
      out.push({ object, field: "issuer", why: `would be read back as ${JSON.stringify(c.issuer)}` });
  }
  for (const [name, u] of rendered.users) {
    const c = config.serviceUsers.find((x) => x.userName === name);
    if (!c) continue;
    const domainRules = [...rendered.trusts.values()].flatMap((t) =>
      t.rules.filter((r) => r.userId === u.id).map((r) => ({ t, rule: r.rule })),
    );
    for (const r of c.rules) {
      const source = domainRules.find((d) => d.rule === r.source);
      if (!source) continue;
      if (r.rule.expressions.length !== 1 || r.rule.expressions[0] !== r.source) {
        out.push({
          object: rendered.values.find((v) => v.value === r.source && v.key === "rule[]")!.origin.object,
          field: "impersonationServiceUsers.rule",
          why: `${JSON.stringify(r.source)} would be synthesized as ${JSON.stringify(r.rule.expressions.join(" | "))}, not as the live rule`,
        });
      }
    }
  }
  return out;
}
