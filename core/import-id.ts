import { isLoopback } from "./endpoint-url";
import { OCID } from "./ocid";

/**
 * Import IDs of the resources a stack may adopt, as the oracle/oci provider's importers read them — the one home of
 * their shape, for `wif-import`, which writes them, and for the stack, which checks each one before it becomes an
 * `import` block.
 *
 * An identity-domains resource is imported as `idcsEndpoint/<domain URL>/<collection>/<id>`: the provider's read
 * takes the domain's endpoint from the ID itself (`getIdcsEndpointForRead` in
 * internal/service/identity_domains/identity_domains_util.go matches `^idcsEndpoint/(.*)/<collection>/(.*)$`) and
 * sends its signed requests there. So an ID naming another host would send them to that host, and an ID holding
 * anything but an id's characters would reach cdk.tf.json and the provider as they are. Other resources are
 * imported by their OCID (`ImportStatePassthrough`).
 * @see https://registry.terraform.io/providers/oracle/oci/latest/docs/resources/identity_domains_user#import
 */

/** The SCIM collection each identity-domains resource type is imported from. */
const DOMAIN_COLLECTIONS: Readonly<Record<string, string>> = {
  oci_identity_domains_app: "apps",
  oci_identity_domains_user: "users",
  oci_identity_domains_group: "groups",
  oci_identity_domains_identity_propagation_trust: "identityPropagationTrusts",
  oci_identity_domains_dynamic_resource_group: "dynamicResourceGroups",
  oci_identity_domains_api_key: "apiKeys",
};

/** Resource types imported by OCID, with the OCID's resource type where it is known for certain. */
const OCID_RESOURCES: Readonly<Record<string, string>> = {
  oci_identity_policy: "policy",
  oci_kms_vault: "vault",
  oci_vault_secret: "vaultsecret",
  oci_functions_function: "fnfunc",
  oci_functions_application: "[a-z0-9]+",
  oci_apigateway_gateway: "[a-z0-9]+",
  oci_apigateway_deployment: "[a-z0-9]+",
};

/** What a SCIM id or an OCID is made of: no `/`, `%` (the provider unescapes the id), `$`, `{`, quotes or spaces. */
const ID = /^[A-Za-z0-9._-]{1,255}$/;
const DOMAIN_ID = /^idcsEndpoint\/(.*)\/([A-Za-z]+)\/([^/]*)$/;
/** An endpoint as the domain's URL is written: https (or http, see {@link sameDomain}), a host name, nothing after it. */
const ENDPOINT = /^https?:\/\/[A-Za-z0-9.-]+(?::[0-9]{1,5})?$/;

/** The import ID of an identity-domains resource, `idcsEndpoint/<domain URL>/<collection>/<id>`. */
function domainImportId(resourceType: keyof typeof DOMAIN_COLLECTIONS) {
  return (domainUrl: string, id: string) => `idcsEndpoint/${domainUrl}/${DOMAIN_COLLECTIONS[resourceType]}/${id}`;
}

/** Builders of the import IDs `wif-import` writes, by what it adopts. */
export const importId = {
  app: domainImportId("oci_identity_domains_app"),
  trust: domainImportId("oci_identity_domains_identity_propagation_trust"),
  user: domainImportId("oci_identity_domains_user"),
  group: domainImportId("oci_identity_domains_group"),
};

/** Why an import ID cannot be used, and what to do. */
export interface ImportIdProblem {
  readonly message: string;
  readonly fix: string;
}

const REIMPORT = "Run npm run import again against this config's domain, or remove the entry.";

/**
 * Whether the endpoint is the config's domain: the same host over https, or the same loopback host over plain http
 * when the config's domain URL is itself one (a local test OCI, which the loader warns about and the review fails,
 * WIF-L1). An https config never accepts an http endpoint, nor a loopback one another host.
 */
function sameDomain(endpoint: string, domainUrl: string): boolean {
  try {
    const a = new URL(endpoint);
    const b = new URL(domainUrl);
    if (a.host.toLowerCase() !== b.host.toLowerCase() || a.protocol !== b.protocol) return false;
    return a.protocol === "https:" || (a.protocol === "http:" && isLoopback(a));
  } catch {
    return false;
  }
}

/**
 * Why `id` is not an import ID the provider reads for `resourceType` in the domain at `domainUrl`, or undefined
 * when it is. Messages name the shape expected; they quote no part of the ID (the caller shows it, escaped).
 */
export function importIdProblem(resourceType: string, id: string, domainUrl: string): ImportIdProblem | undefined {
  const collection = DOMAIN_COLLECTIONS[resourceType];
  if (collection) {
    const shape = `idcsEndpoint/<domain URL>/${collection}/<id>`;
    const m = DOMAIN_ID.exec(id);
    if (!m || m[2] !== collection) {
      return { message: `is not an import ID of ${resourceType} (${shape})`, fix: REIMPORT };
    }
    const [, endpoint, , scimId] = m;
    if (!ENDPOINT.test(endpoint) || !sameDomain(endpoint, domainUrl)) {
      return {
        message: `names a domain other than this config's [IdentityDomain] iam_guid (${domainUrl}); the provider would send its requests there`,
        fix: REIMPORT,
      };
    }
    if (!ID.test(scimId)) {
      return {
        message: `has an id holding characters no SCIM id or OCID has (only letters, digits, '.', '_' and '-'; ${shape})`,
        fix: REIMPORT,
      };
    }
    return undefined;
  }
  const ocidType = OCID_RESOURCES[resourceType];
  if (ocidType) {
    if (!OCID(ocidType).test(id)) {
      return { message: `is not an OCID of ${resourceType} (ocid1.<type>.<realm>..<id>, lower case)`, fix: REIMPORT };
    }
    return undefined;
  }
  return {
    message: `is for a resource of type ${resourceType}, which cannot be adopted`,
    fix: "Remove the entry: only resources npm run import finds (apps, trusts, users, groups, policies) and other OCID-imported resources can be.",
  };
}
