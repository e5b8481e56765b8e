import type { IniSection } from "../core/ini-file";
import type { ProblemList } from "../core/problems";
import type { DeployAuthSettings } from "./model";
import type { Reader } from "./reader";
import type { PlaceRule } from "../core/place";

/** Where the pipeline writes its OIDC token: an absolute path on the runner, as the docs show, or one under the config. */
const TOKEN_PLACE: PlaceRule = {
  rootName: "the config's folder",
  expected: "the absolute path the pipeline writes its OIDC token to, such as /tmp/oidc/token",
  absolute: true,
  kind: "file",
};

const WIF_KEYS = ["wif_token_path", "wif_client_id", "wif_domain_url", "wif_token_type", "wif_resource_type"];
/** An app's client ID: the app's `name`, 32 hex digits in OCI, but any plain token is accepted. */
const CLIENT_ID = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * Reads the `[OCIConfig] wif_*` keys, allowed only with `auth = WorkloadIdentityFederation`. Every one is optional:
 * the provider reads any argument it is not given from `TF_VAR_<name>` or `OCI_<NAME>` in the environment
 * (docs/oci-facts.md#provider-wif-auth), so a config without them leaves the provider block as it was. Returns
 * undefined when there is nothing to emit.
 */
export function readDeployAuth(
  oci: IniSection | undefined,
  auth: string | undefined,
  domainUrl: string | undefined,
  reader: Reader,
  problems: ProblemList,
  file: string,
  baseDir: string,
): DeployAuthSettings | undefined {
  if (!oci) return undefined;
  if (auth !== "WorkloadIdentityFederation") {
    for (const key of WIF_KEYS.filter((k) => oci.entries.has(k))) {
      reader.fail(
        oci,
        key,
        undefined,
        "applies only with auth = WorkloadIdentityFederation",
        "Set auth = WorkloadIdentityFederation, or remove the key.",
      );
    }
    return undefined;
  }
  if (!WIF_KEYS.some((k) => oci.entries.has(k))) return undefined;
  const tokenPath = reader.string(oci, "wif_token_path");
  if (tokenPath !== undefined && /[$%]\{/.test(tokenPath)) {
    reader.fail(oci, "wif_token_path", tokenPath, "must be a plain path (no ${ or %{)");
  } else if (tokenPath !== undefined) {
    // The provider reads this file at plan time and sends it as the subject token: a path (core/place.ts) with no
    // `..`, `~` or control character, and no link out of its folder when it is already there.
    reader.place(oci, "wif_token_path", baseDir, TOKEN_PLACE);
  }
  const clientId = reader.pattern(
    oci,
    "wif_client_id",
    CLIENT_ID,
    "an OAuth client ID (letters, digits, '.', '_' or '-')",
  );
  const url = reader.url(oci, "wif_domain_url", { origin: true }) ?? domainUrl;
  const tokenType = (reader.choice(oci, "wif_token_type", ["upst", "rpst"]) as "upst" | "rpst" | undefined) ?? "upst";
  const resourceType = reader.pattern(
    oci,
    "wif_resource_type",
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/,
    "a resource label (letters, digits, '.', '_' or '-')",
  );
  if (tokenType === "rpst" && !oci.entries.has("wif_resource_type")) {
    problems.error({
      file,
      line: oci.line,
      section: oci.name,
      key: "wif_resource_type",
      message: "is required with wif_token_type = rpst",
      fix: "Set it to the resource_label of the trust the pipeline's token goes through.",
    });
  }
  if (tokenType === "upst" && oci.entries.has("wif_resource_type"))
    reader.fail(
      oci,
      "wif_resource_type",
      undefined,
      "applies only with wif_token_type = rpst",
      "Remove it, or set wif_token_type = rpst.",
    );
  return {
    ...(tokenPath !== undefined ? { tokenPath } : {}),
    ...(clientId !== undefined ? { clientId } : {}),
    ...(url !== undefined ? { domainUrl: url } : {}),
    tokenType,
    ...(tokenType === "rpst" && resourceType ? { resourceType } : {}),
  };
}
