import { VAULT_SECRET, type StackModel } from "./model";
import { asRecord, block, referencesIn, type Reference, type Stack } from "../core/stack";
import { codeSpan } from "../core/text-out";

/**
 * Where secrets live in a stack, found by following references, never by reading values: the synthesized JSON
 * holds references to secrets, and the locals that hold the runtimeConfig.ini template are never printed.
 */

/** Attributes that carry secret material, by resource type. */
const SECRET_ATTRIBUTES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  oci_identity_domains_app: { client_secret: "the client secret of" },
  oci_vault_secret: { secret_content: "the content of" },
  oci_identity_domains_user: { password: "the password of" },
  tls_private_key: {
    private_key_pem: "the private key of",
    private_key_openssh: "the private key of",
    private_key_pem_pkcs8: "the private key of",
  },
};

/** Descriptions of the secrets a value carries, directly or through locals: `the client secret of oci_identity_domains_app.X`. */
export function secretSourcesOf(stack: Stack, value: unknown): string[] {
  const found = new Set<string>();
  for (const ref of resolved(stack, referencesIn(value))) {
    const what = SECRET_ATTRIBUTES[ref.type]?.[ref.attribute ?? ""];
    if (what) found.add(`${what} ${ref.type}.${ref.name}`);
  }
  return [...found].sort();
}

/** Resource references of a value, with locals followed (cycles cut), without recursion: a chain can be long. */
function resolved(stack: Stack, refs: readonly Reference[]): Reference[] {
  const out: Reference[] = [];
  const seen = new Set<string>();
  // Depth first, in the order a recursive walk would visit them.
  const pending: Reference[] = [...refs].reverse();
  while (pending.length) {
    const r = pending.pop()!;
    if (r.type !== "local") out.push(r);
    else if (!seen.has(r.name)) {
      seen.add(r.name);
      const next = stack.localReferences.get(r.name) ?? [];
      for (let k = next.length - 1; k >= 0; k--) pending.push(next[k]);
    }
  }
  return out;
}

/** One secret and every place it ends up. */
export interface SecretLocation {
  /** `client secret of app "TokenExchangeClient" (oci_identity_domains_app.X)`. */
  readonly secret: string;
  readonly places: readonly string[];
}

/** Every secret the stack creates or passes along, and where it lives. */
export function secretLocations(model: StackModel): SecretLocation[] {
  const { stack } = model;
  const out: SecretLocation[] = [];
  const carriers = (type: string, name: string, attribute: string): string[] => {
    const is = (refs: readonly Reference[]) =>
      resolved(stack, refs).some((r) => r.type === type && r.name === name && r.attribute === attribute);
    const places: string[] = [];
    for (const o of stack.outputs) {
      if (is(referencesIn(o.value)))
        places.push(`output ${codeSpan(o.name)} (${o.sensitive ? "sensitive" : "NOT sensitive"})`);
    }
    for (const l of stack.localNames) {
      if (is(stack.localReferences.get(l) ?? []))
        places.push(`local ${codeSpan(l)} (a template Terraform fills in at apply; not shown here)`);
    }
    for (const r of stack.resources) {
      if (r.type === type && r.name === name) continue;
      if (!is(referencesIn(r.body))) continue;
      const path = asRecord(r.body.input)?.path;
      if (r.type === "terraform_data" && typeof path === "string")
        places.push(
          `file ${codeSpan(path)} (relative to the stack directory), written on apply by ${codeSpan(r.address)}`,
        );
      else places.push(codeSpan(r.address));
    }
    return places;
  };

  for (const app of model.apps) {
    if (!app.isClient) continue;
    const { type, name, address } = app.resource;
    out.push({
      secret: `client secret of app "${app.displayName}" (${codeSpan(address)})`,
      places: [
        "Terraform state (`client_secret`; the provider does not mark it sensitive)",
        ...carriers(type, name, "client_secret"),
      ],
    });
  }
  for (const r of model.vaultSecrets) {
    const b = r.body;
    const content = block(b.secret_content)?.content;
    const from = resolved(stack, referencesIn(content));
    const source =
      content === undefined
        ? "no content in the configuration"
        : from.length
          ? `content from ${[...new Set(from.map((f) => codeSpan(`${f.type}.${f.name}${f.attribute ? `.${f.attribute}` : ""}`)))].join(", ")}`
          : typeof content === "string" && /\$\{/.test(content)
            ? "content from an input variable or function"
            : "**content written literally in the configuration** (it is in the repository)";
    out.push({
      secret: `Vault secret "${typeof b.secret_name === "string" ? b.secret_name : r.name}" (${codeSpan(r.address)})`,
      places: [
        `vault ${codeSpan(String(b.vault_id ?? "?"))}, encrypted with key ${codeSpan(String(b.key_id ?? "?"))}`,
        `Terraform state (\`secret_content\`), ${source}`,
        ...carriers(VAULT_SECRET, r.name, "secret_content"),
      ],
    });
  }
  for (const r of stack.resources.filter((x) => x.type === "tls_private_key")) {
    const places = ["Terraform state (`private_key_pem`; the tls provider keeps generated keys there)"];
    for (const attribute of Object.keys(SECRET_ATTRIBUTES.tls_private_key))
      places.push(...carriers(r.type, r.name, attribute));
    out.push({ secret: `private key generated by ${codeSpan(r.address)}`, places: [...new Set(places)] });
  }
  return out;
}
