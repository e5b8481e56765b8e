import { checkDomainUrl, loopbackDomainUrl } from "../place-checks";
import { one, type ReadContext } from "./context";

/**
 * `[IdentityDomain]`: the domain URL and display name. Its `domain_ocid` (a mode key, config/spec-modes.ts) is read
 * with the `[Workload]` sections that need it.
 */
export function readIdentityDomain(c: ReadContext): void {
  const { file, reader, problems } = c;
  const section = one(c, "IdentityDomain");
  if (!section) {
    problems.error({
      file,
      section: "IdentityDomain",
      message: "section is missing",
      fix: "Add [IdentityDomain] with iam_guid = <domain URL>.",
    });
  }
  // A local test OCI on this machine (http to 127.0.0.1 or localhost) loads with a warning; the review fails it.
  const loopback = section && loopbackDomainUrl(reader, problems, file, section);
  const url = loopback ?? (section && reader.url(section, "iam_guid", { origin: true }));
  if (section && !loopback) checkDomainUrl(reader, section, url);
  const name = section && reader.name(section, "name", /'/);
  c.draft.domain = { section, url, name };
}
