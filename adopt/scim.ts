import * as v from "valibot";
import { checkShape, list, obj, type Schema, type Shape } from "../core/schema";
import { AdoptError, requestName, type GetJson } from "./identity-client";

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
export async function scimList<S extends Schema>(
  get: GetJson,
  domainUrl: string,
  type: string,
  item: S,
  options: ListOptions = {},
): Promise<Array<Shape<S>>> {
  const pageSize = Math.min(options.pageSize ?? 100, 1000);
  const max = options.maxResults ?? 5000;
  const page = obj({ totalResults: v.number(), Resources: v.optional(list(item, 1000)) });
  const out: Array<Shape<S>> = [];
  for (let startIndex = 1; ; ) {
    const query = new URLSearchParams();
    if (options.filter) query.set("filter", options.filter);
    if (options.attributes?.length) query.set("attributes", options.attributes.join(","));
    query.set("count", String(pageSize));
    query.set("startIndex", String(startIndex));
    const { body } = await get(`${domainUrl}/admin/v1/${type}?${query}`);
    // The item type is generic here, so TypeScript cannot see through the page's; the schema checked both.
    const { totalResults, Resources: resources = [] } = checkShape(page, body, {
      source: `GET ${domainUrl}/admin/v1/${type}`,
      root: "answer",
    }) as { totalResults: number; Resources?: unknown[] };
    for (const r of resources) out.push(r as Shape<S>);
    startIndex += resources.length;
    if (!resources.length || out.length >= totalResults) break;
    if (out.length >= max)
      throw new AdoptError(`${type}: more than ${max} match; narrow the selection (--issuer, --trust-name).`);
  }
  return out;
}

/** One resource by SCIM id (`GET <domain>/admin/v1/<type>/<id>`), checked against its schema. */
export async function scimGet<S extends Schema>(
  get: GetJson,
  domainUrl: string,
  type: string,
  id: string,
  attributes: readonly string[],
  schema: S,
): Promise<Shape<S>> {
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(id))
    throw new AdoptError(`${type}: the id ${JSON.stringify(id)} is not a SCIM id.`);
  const { body } = await get(
    `${domainUrl}/admin/v1/${type}/${id}?attributes=${encodeURIComponent(attributes.join(","))}`,
  );
  return checkShape(schema, body, { source: requestName(`${domainUrl}/admin/v1/${type}/${id}`), root: "answer" });
}

/** IAM policies of a compartment (`GET <iam>/20160918/policies?compartmentId=…`), following `opc-next-page`. */
export async function listPolicies<S extends Schema>(
  get: GetJson,
  iamEndpoint: string,
  compartmentId: string,
  item: S,
): Promise<Array<Shape<S>>> {
  const out: Array<Shape<S>> = [];
  const page = list(item, 1000);
  let next: string | undefined;
  for (let i = 0; i < 100; i++) {
    const query = new URLSearchParams({ compartmentId, limit: "1000" });
    if (next) query.set("page", next);
    const r = await get(`${iamEndpoint}/20160918/policies?${query}`);
    for (const p of checkShape(page, r.body, { source: `GET ${iamEndpoint}/20160918/policies`, root: "answer" }))
      out.push(p as Shape<S>);
    next = r.nextPage;
    if (!next) return out;
  }
  throw new AdoptError(`policies of ${compartmentId}: more than 100 pages.`);
}
