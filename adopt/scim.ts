import { AdoptError, type GetJson } from "./identity-client";

/** A SCIM resource as the service returns it (camelCase attributes). */
export type ScimResource = Readonly<Record<string, any>>;

/** Options of {@link scimList}. */
export interface ListOptions {
  /** A SCIM filter (RFC 7644, section 3.4.2.2); build values with {@link scimString}. */
  readonly filter?: string;
  /** Attributes to return (`returned: request` ones such as impersonationServiceUsers must be asked for). */
  readonly attributes?: readonly string[];
  /** Page size (`count`), at most 1000. @default 100 */
  readonly pageSize?: number;
  /** A bound on what is read, so a huge domain cannot keep the command running. @default 5000 */
  readonly maxResults?: number;
}

/** A SCIM string literal: double-quoted, with `"` and `\` escaped, so a user's value cannot change the filter. */
export function scimString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/**
 * Lists a resource type of an identity domain (`GET <domain>/admin/v1/<type>`), page by page with `startIndex` and
 * `count` until `totalResults` is reached or a page comes back empty.
 */
export async function scimList(
  get: GetJson,
  domainUrl: string,
  type: string,
  options: ListOptions = {},
): Promise<ScimResource[]> {
  const pageSize = Math.min(options.pageSize ?? 100, 1000);
  const max = options.maxResults ?? 5000;
  const out: ScimResource[] = [];
  for (let startIndex = 1; ; ) {
    const query = new URLSearchParams();
    if (options.filter) query.set("filter", options.filter);
    if (options.attributes?.length) query.set("attributes", options.attributes.join(","));
    query.set("count", String(pageSize));
    query.set("startIndex", String(startIndex));
    const { body } = await get(`${domainUrl}/admin/v1/${type}?${query}`);
    const page = body as { totalResults?: unknown; Resources?: unknown };
    if (
      !page ||
      typeof page !== "object" ||
      typeof page.totalResults !== "number" ||
      (page.Resources !== undefined && !Array.isArray(page.Resources))
    ) {
      throw new AdoptError(`GET ${domainUrl}/admin/v1/${type}: not a SCIM list response (no totalResults/Resources).`);
    }
    const resources = (page.Resources ?? []) as ScimResource[];
    out.push(...resources);
    startIndex += resources.length;
    if (!resources.length || out.length >= page.totalResults) break;
    if (out.length >= max)
      throw new AdoptError(`${type}: more than ${max} match; narrow the selection (--issuer, --trust-name).`);
  }
  return out;
}

/** One resource by SCIM id (`GET <domain>/admin/v1/<type>/<id>`), or undefined when the domain answers 404. */
export async function scimGet(
  get: GetJson,
  domainUrl: string,
  type: string,
  id: string,
  attributes: readonly string[],
): Promise<ScimResource> {
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(id))
    throw new AdoptError(`${type}: the id ${JSON.stringify(id)} is not a SCIM id.`);
  const { body } = await get(
    `${domainUrl}/admin/v1/${type}/${id}?attributes=${encodeURIComponent(attributes.join(","))}`,
  );
  if (!body || typeof body !== "object")
    throw new AdoptError(`GET ${domainUrl}/admin/v1/${type}/${id}: not a SCIM resource.`);
  return body as ScimResource;
}

/** IAM policies of a compartment (`GET <iam>/20160918/policies?compartmentId=…`), following `opc-next-page`. */
export async function listPolicies(get: GetJson, iamEndpoint: string, compartmentId: string): Promise<ScimResource[]> {
  const out: ScimResource[] = [];
  let page: string | undefined;
  for (let i = 0; i < 100; i++) {
    const query = new URLSearchParams({ compartmentId, limit: "1000" });
    if (page) query.set("page", page);
    const r = await get(`${iamEndpoint}/20160918/policies?${query}`);
    if (!Array.isArray(r.body)) throw new AdoptError(`GET ${iamEndpoint}/20160918/policies: not a list of policies.`);
    out.push(...(r.body as ScimResource[]));
    page = r.nextPage;
    if (!page) return out;
  }
  throw new AdoptError(`policies of ${compartmentId}: more than 100 pages.`);
}
