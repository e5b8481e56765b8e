/**
 * The library's public surface as a consumer's compiler sees it: the names each package.json entry point exports
 * (from the built declarations under dist/), and the declarations of ours that a public signature names but no
 * entry point exports (a user could receive such a value and not be able to write down its type).
 *
 * TypeScript 7 has no compiler API, so this uses the TypeScript 5 that cdktf's toolchain carries (see
 * {@link typescript5}); it only reads declarations.
 */
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { readFileSync } from "node:fs";
import { ROOT, typescript5 } from "./packages";

/**
 * The compiler API's objects, untyped: the `typescript` package this checkout resolves for types is TypeScript 7,
 * which has none to offer.
 */
type Api = any;
type Node = Api;
type Sym = Api;

function loadTypeScript(): Api {
  const { tsc } = typescript5();
  return createRequire(tsc)("../lib/typescript.js");
}

/** package.json `exports` with a `types` condition: entry point → its declaration file. */
export function entryPoints(): Record<string, string> {
  const { exports } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  return Object.fromEntries(
    Object.entries(exports as Record<string, { types?: string } | string>)
      .filter(([, target]) => typeof target === "object" && target.types)
      .map(([entry, target]) => [entry, join(ROOT, (target as { types: string }).types)]),
  );
}

export interface PublicApi {
  /** Exported names by entry point, sorted. */
  readonly names: Record<string, string[]>;
  /** `Name (file) ← where it is used`, for each declaration of ours a public signature names but nobody exports. */
  readonly unexported: string[];
}

/** Reads the public surface from the built declarations (run `npm run build` first). */
export function publicApi(): PublicApi {
  const ts = loadTypeScript();
  const entries = entryPoints();
  const program = ts.createProgram(Object.values(entries), {
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2022,
    types: [],
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const dist = join(ROOT, "dist");
  const ours = (d: Node) => !relative(dist, d.getSourceFile().fileName).startsWith("..");
  const real = (s: Sym) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);

  const names: Record<string, string[]> = {};
  const exported = new Set<Sym>();
  for (const [entry, file] of Object.entries(entries)) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`${relative(ROOT, file)} is missing: run npm run build.`);
    const symbols = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!);
    names[entry] = symbols.map((s: Sym) => s.name as string).sort();
    for (const s of symbols) exported.add(real(s));
  }
  // A namespace export (`export * as identityPolicy from …`, how the provider bindings are exported) makes its
  // members nameable too: `identityPolicy.IdentityPolicy`.
  const namespaces = [...exported].filter((s) => s.flags & ts.SymbolFlags.ValueModule);
  while (namespaces.length) {
    for (const member of checker.getExportsOfModule(namespaces.pop()!)) {
      const target = real(member);
      if (exported.has(target)) continue;
      exported.add(target);
      if (target.flags & ts.SymbolFlags.ValueModule) namespaces.push(target);
    }
  }

  const unexported = new Map<string, string>();
  const visited = new Set<Sym>();
  const visitSymbol = (symbol: Sym, usedBy: string) => {
    const target = real(symbol);
    const declarations = (target.declarations ?? []).filter(ours);
    if (!declarations.length || visited.has(target)) return;
    visited.add(target);
    if (!exported.has(target) && !(target.flags & ts.SymbolFlags.TypeParameter)) {
      const where = relative(ROOT, declarations[0].getSourceFile().fileName);
      unexported.set(`${target.name} (${where})`, usedBy);
    }
    for (const d of declarations) visitDeclaration(d, target.name);
  };
  const visitTypes = (node: Node, usedBy: string): void => {
    if (ts.isTypeReferenceNode(node)) {
      const s = checker.getSymbolAtLocation(node.typeName);
      if (s) visitSymbol(s, usedBy);
    } else if (ts.isExpressionWithTypeArguments(node) || ts.isTypeQueryNode(node)) {
      const s = checker.getSymbolAtLocation(ts.isTypeQueryNode(node) ? node.exprName : node.expression);
      if (s) visitSymbol(s, usedBy);
    } else if (ts.isImportTypeNode(node)) {
      const t = checker.getTypeFromTypeNode(node);
      const s = t.aliasSymbol ?? t.getSymbol();
      if (s) visitSymbol(s, usedBy);
    }
    ts.forEachChild(node, (child: Node) => visitTypes(child, usedBy));
  };
  const isPrivate = (m: Node) =>
    ts.canHaveModifiers(m) && (ts.getModifiers(m) ?? []).some((x: Node) => x.kind === ts.SyntaxKind.PrivateKeyword);
  const visitDeclaration = (d: Node, name: string) => {
    if (ts.isClassDeclaration(d) || ts.isInterfaceDeclaration(d)) {
      for (const h of d.heritageClauses ?? []) visitTypes(h, name);
      for (const p of d.typeParameters ?? []) visitTypes(p, name);
      for (const m of d.members as Node[]) {
        if (isPrivate(m) || (m as Node).name?.kind === ts.SyntaxKind.PrivateIdentifier) continue;
        const member = (m as Node).name?.getText() ?? "constructor";
        visitTypes(m, `${name}.${member}`);
      }
    } else if (ts.isModuleDeclaration(d) && d.body) {
      visitTypes(d.body, name);
    } else if (!ts.isSourceFile(d) && !ts.isEnumDeclaration(d)) {
      visitTypes(d, name);
    }
  };
  for (const s of exported) visitSymbol(s, "(entry point)");
  return {
    names,
    unexported: [...unexported].map(([what, usedBy]) => `${what} ← ${usedBy}`).sort(),
  };
}
