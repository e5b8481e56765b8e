/**
 * Helpers for the packaging tests: build, pack and install the packages as a user would, offline, on a machine that
 * has never seen the project. What a consumer needs besides our own tarballs is derived, never listed: the packed
 * manifests name their dependencies and peers, this checkout's package-lock.json gives each one's version and, walked
 * transitively, the whole tree under it, and each of those packages is packed from the node_modules `npm ci` made.
 * The consumer installs from those tarballs with `npm ci --offline` and an empty npm cache of its own, so neither the
 * registry nor whatever an earlier `npm install` happened to cache is ever needed.
 */
import { execFile, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

export const ROOT = join(__dirname, "..", "..");

/** Runs a command to completion; throws with its output when it fails. */
export function sh(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const r = spawnSync(command, [...args], { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0)
    throw new Error(`${command} ${args.join(" ")} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Like {@link sh}, without blocking the event loop (for commands that talk to an in-process server). */
export function shAsync(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(command, [...args], { cwd, env, encoding: "utf8" }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

/** `npm pack` of folders into `destination`, without lifecycle scripts (the caller built what is packed). */
export function pack(folders: readonly string[], destination: string): string[] {
  const out = sh("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", destination, ...folders], ROOT);
  return (JSON.parse(out) as { filename: string }[]).map((p) => join(destination, p.filename));
}

/** What the packaging helpers read of a package.json or a lock entry. */
interface Manifest {
  name?: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  inBundle?: boolean;
  [key: string]: unknown;
}

/** The package.json inside a tarball that `npm pack` made. */
export function manifestOf(tarball: string): Manifest {
  return JSON.parse(sh("tar", ["-xzOf", tarball, "package/package.json"], ROOT));
}

/** Names a package needs installed beside it: its dependencies and its non-optional peers (and `chosen` ones). */
function needs(m: Manifest, chosen: readonly string[] = []): string[] {
  const peers = Object.keys(m.peerDependencies ?? {}).filter(
    (n) => !m.peerDependenciesMeta?.[n]?.optional || chosen.includes(n),
  );
  return [...Object.keys(m.dependencies ?? {}), ...Object.keys(m.optionalDependencies ?? {}), ...peers];
}

/** This checkout's package-lock.json entries, by path (`node_modules/a/node_modules/b`). */
function lockEntries(): Record<string, Manifest> {
  return JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")).packages;
}

/**
 * Where this checkout installs `name` for a project: the root when its node_modules has it, else the first npm
 * workspace that does (engines/cdktn holds cdktn with the constructs it accepts, apart from the root's).
 */
function installedIn(lock: Record<string, Manifest>, name: string): string {
  const workspaces = (lock[""] as { workspaces?: string[] }).workspaces ?? [];
  const base = ["", ...workspaces].find((w) => lock[`${w ? `${w}/` : ""}node_modules/${name}`]);
  if (base === undefined) throw new Error(`${name} is not in package-lock.json: run npm ci.`);
  return base;
}

/** Where Node would find `name` from the package at lock path `from`: its own node_modules, then each parent's. */
function resolveIn(lock: Record<string, Manifest>, from: string, name: string): string | undefined {
  for (let dir = from; ; ) {
    const candidate = `${dir ? `${dir}/` : ""}node_modules/${name}`;
    if (lock[candidate]) return candidate;
    if (!dir) return undefined;
    const parent = dir.lastIndexOf("/node_modules/");
    dir = parent < 0 ? "" : dir.slice(0, parent);
  }
}

/**
 * The lock paths of `names` (installed at the top level) and of everything under them, as this checkout's lock
 * resolves them. A missing optional dependency or peer is skipped; any other missing one is an error.
 */
export function lockedClosure(names: readonly string[], base = ""): string[] {
  const lock = lockEntries();
  const seen = new Set<string>();
  const queue: string[] = [];
  for (const name of names) {
    const path = resolveIn(lock, base, name);
    if (!path) throw new Error(`${name} is not in package-lock.json: run npm ci.`);
    queue.push(path);
  }
  while (queue.length) {
    const path = queue.pop()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const entry = lock[path];
    for (const name of needs(entry)) {
      const found = resolveIn(lock, path, name);
      if (found) queue.push(found);
      else if (!entry.optionalDependencies?.[name])
        throw new Error(`${path} needs ${name}, which package-lock.json does not hold: run npm ci.`);
    }
  }
  return [...seen].sort();
}

function integrityOf(file: string): string {
  return `sha512-${createHash("sha512").update(readFileSync(file)).digest("base64")}`;
}

/** Lock fields that describe this checkout's tree (dev-only, peer-only), not the consumer's. */
function asConsumerEntry({ dev: _d, devOptional: _o, peer: _p, resolved: _r, integrity: _i, ...rest }: Manifest) {
  return rest;
}

/**
 * Installs `tarballs` (packed by {@link pack}) into the project `dir` as a user would: the packages' dependencies
 * and peers at the versions this checkout locks, with everything under them. Each of those is packed from this
 * checkout's node_modules into `dir/../deps`, a package-lock.json pointing at the tarballs is written, and
 * `npm ci --offline` runs with a new, empty npm cache: no registry, no cache of an earlier install. Returns npm's
 * output.
 *
 * `engine` names the optional peer the project is built on ("cdktf" or "cdktn"; the other is not installed, as npm
 * installs no optional peer by itself). Every peer is taken from where this checkout installs that engine (the
 * root for cdktf, the engines/cdktn workspace for CDK Terrain, whose constructs is the version cdktn accepts), and
 * the workspace's packages land at the top of the project, as a user's project on that engine has them.
 */
export function installOffline(dir: string, tarballs: readonly string[], engine = "cdktf"): string {
  const ours = tarballs.map((file) => ({ file, manifest: manifestOf(file) }));
  const names = new Set(ours.map((p) => p.manifest.name!));
  const peers = new Set(
    ours.flatMap((p) =>
      Object.keys(p.manifest.peerDependencies ?? {}).filter(
        (n) => !p.manifest.peerDependenciesMeta?.[n]?.optional || n === engine,
      ),
    ),
  );
  const fromRegistry = [...new Set(ours.flatMap((p) => needs(p.manifest, [engine])))].filter((n) => !names.has(n));
  const lock = lockEntries();
  const base = installedIn(lock, engine);
  const inProject = (path: string) => (base && path.startsWith(`${base}/`) ? path.slice(base.length + 1) : path);
  const closure = lockedClosure(fromRegistry, base);
  const placed = new Map<string, string>();
  for (const path of closure) {
    const other = placed.get(inProject(path));
    if (other) throw new Error(`${path} and ${other} would both be ${inProject(path)} in the project.`);
    placed.set(inProject(path), path);
  }

  const deps = join(dir, "..", "deps");
  mkdirSync(deps, { recursive: true });
  const toPack = new Map<string, string>();
  for (const path of closure) {
    if (!lock[path].inBundle)
      toPack.set(`${lock[path].name ?? path.split("node_modules/").at(-1)}@${lock[path].version}`, path);
  }
  const packed = new Map<string, string>();
  if (toPack.size) {
    const out = sh(
      "npm",
      ["pack", "--ignore-scripts", "--json", "--pack-destination", deps, ...[...toPack.values()].map((p) => `./${p}`)],
      ROOT,
    );
    for (const p of JSON.parse(out) as { id: string; filename: string }[]) packed.set(p.id, join(deps, p.filename));
  }

  const fileSpec = (file: string) => `file:${relative(dir, file)}`;
  const locked = (name: string) => lock[resolveIn(lock, base, name)!].version;
  // The consumer asks for our packages by tarball and for their peers by version, as the README's install line does.
  const rootDeps = Object.fromEntries([
    ...ours.map((p) => [p.manifest.name!, fileSpec(p.file)]),
    ...[...peers].filter((n) => !names.has(n)).map((n) => [n, locked(n)]),
  ]);
  const packages: Record<string, unknown> = { "": { name: "consumer", version: "1.0.0", dependencies: rootDeps } };
  for (const { file, manifest } of ours) {
    const { name: _n, scripts: _s, files: _f, devDependencies: _d, ...fields } = manifest;
    packages[`node_modules/${manifest.name}`] = { ...fields, resolved: fileSpec(file), integrity: integrityOf(file) };
  }
  for (const path of closure) {
    const entry = lock[path];
    if (entry.inBundle) {
      packages[inProject(path)] = asConsumerEntry(entry);
      continue;
    }
    const file = packed.get(`${entry.name ?? path.split("node_modules/").at(-1)}@${entry.version}`);
    if (!file) throw new Error(`npm pack did not pack ${path}.`);
    packages[inProject(path)] = { ...asConsumerEntry(entry), resolved: fileSpec(file), integrity: integrityOf(file) };
  }
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "consumer", version: "1.0.0", private: true, dependencies: rootDeps }, null, 2),
  );
  writeFileSync(
    join(dir, "package-lock.json"),
    JSON.stringify({ name: "consumer", version: "1.0.0", lockfileVersion: 3, requires: true, packages }, null, 2),
  );
  const cache = temp("wif-npm-cache-");
  const r = spawnSync("npm", ["ci", "--offline", "--no-audit", "--no-fund", "--loglevel", "warn"], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, npm_config_cache: cache, npm_config_offline: "true" },
  });
  if (r.status !== 0) throw new Error(`npm ci --offline failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout + r.stderr;
}

/**
 * The `tsc` of TypeScript 5 that cdktf's own toolchain carries (cdktf-cli → jsii): consumers on cdktf's project
 * template compile with a TypeScript 5 (ts-node and ts-jest need its compiler API, which TypeScript 7 lacks), whose
 * default resolution for `"module": "CommonJS"` does not read package.json `exports`.
 */
export function typescript5(): { tsc: string; version: string } {
  const jsii = createRequire(createRequire(join(ROOT, "package.json")).resolve("cdktf-cli/package.json")).resolve(
    "jsii/package.json",
  );
  const req = createRequire(jsii);
  return { tsc: req.resolve("typescript/bin/tsc"), version: req("typescript/package.json").version };
}

const made: string[] = [];

/** A fresh temporary directory, removed by {@link removeTemp}. */
export function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every directory {@link temp} made. */
export function removeTemp(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
