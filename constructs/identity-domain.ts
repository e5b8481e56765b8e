import { withoutTrailingSlash } from "../core/url";

/**
 * An identity domain that exists outside this app. Constructs take this instead of a bare URL, so the domain's
 * URL and display name travel together.
 */
export interface IIdentityDomain {
  /** The domain URL, `https://idcs-<id>.identity.oraclecloud.com`: the provider's `idcs_endpoint`. */
  readonly url: string;
  /**
   * The domain's display name, used in policy subjects (`group '<domain>'/'<group>'`).
   * @default - unknown; policies then name groups by OCID
   */
  readonly name?: string;
}

/** Factories for {@link IIdentityDomain}. */
export class IdentityDomain {
  /**
   * An existing domain, by URL.
   * @param url the domain URL (trailing `/` is dropped)
   * @param name the domain's display name, when policies should name groups as `'<domain>'/'<group>'`
   */
  public static fromUrl(url: string, name?: string): IIdentityDomain {
    return { url: withoutTrailingSlash(url), name };
  }

  private constructor() {}
}
