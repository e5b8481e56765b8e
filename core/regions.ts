/**
 * OCI's regions and realms: which realm (`oc1`, `oc2`, …) each region is in, and each region's three-letter key.
 * An OCID names its realm in its third segment (`ocid1.tenancy.oc1..…`) and, for regional resources, the region's
 * key or identifier in its fourth (`ocid1.vault.oc1.iad.…`); a region belongs to exactly one realm, and nothing
 * crosses realms. The config reader checks every OCID against this table, so an OCID of a realm that does not
 * exist, or of another realm than the region's, is refused before anything is planned.
 *
 * Source: the regions Oracle's own TypeScript SDK registers (`oci-common` 2.142.1, `lib/region.js` and
 * `lib/realm.js`, a dependency of this project; test/core/regions.test.ts compares this table with it), which match
 * Oracle, "Regions and Availability Domains", https://docs.oracle.com/iaas/Content/General/Concepts/regions.htm.
 * See docs/oci-facts.md#realms. This module imports nothing.
 */

/** Each realm's second-level domain: endpoints are `<service>.<region>.<domain>`. */
export const REALM_DOMAINS: Readonly<Record<string, string>> = {
  oc1: "oraclecloud.com",
  oc2: "oraclegovcloud.com",
  oc3: "oraclegovcloud.com",
  oc4: "oraclegovcloud.uk",
  oc8: "oraclecloud8.com",
  oc9: "oraclecloud9.com",
  oc10: "oraclecloud10.com",
  oc14: "oraclecloud14.com",
  oc15: "oraclecloud15.com",
  oc19: "oraclecloud.eu",
  oc20: "oraclecloud20.com",
  oc21: "oraclecloud21.com",
  oc23: "oraclecloud23.com",
  oc24: "oraclecloud24.com",
  oc26: "oraclecloud26.com",
  oc29: "oraclecloud29.com",
  oc35: "oraclecloud35.com",
  oc42: "oraclecloud42.com",
  oc51: "oraclecloud51.com",
  oc52: "oraclecloud52.com",
};

/** Region identifier → its key (as OCIDs and `request.region` carry it) and realm. */
export const REGIONS: Readonly<Record<string, { readonly key: string; readonly realm: string }>> = {
  "af-casablanca-1": { key: "lej", realm: "oc1" },
  "af-johannesburg-1": { key: "jnb", realm: "oc1" },
  "ap-batam-1": { key: "hsg", realm: "oc1" },
  "ap-chuncheon-1": { key: "yny", realm: "oc1" },
  "ap-delhi-1": { key: "onm", realm: "oc1" },
  "ap-hyderabad-1": { key: "hyd", realm: "oc1" },
  "ap-kulai-2": { key: "jbp", realm: "oc1" },
  "ap-melbourne-1": { key: "mel", realm: "oc1" },
  "ap-mumbai-1": { key: "bom", realm: "oc1" },
  "ap-osaka-1": { key: "kix", realm: "oc1" },
  "ap-seoul-1": { key: "icn", realm: "oc1" },
  "ap-singapore-1": { key: "sin", realm: "oc1" },
  "ap-singapore-2": { key: "xsp", realm: "oc1" },
  "ap-sydney-1": { key: "syd", realm: "oc1" },
  "ap-tokyo-1": { key: "nrt", realm: "oc1" },
  "ca-montreal-1": { key: "yul", realm: "oc1" },
  "ca-toronto-1": { key: "yyz", realm: "oc1" },
  "eu-amsterdam-1": { key: "ams", realm: "oc1" },
  "eu-frankfurt-1": { key: "fra", realm: "oc1" },
  "eu-madrid-1": { key: "mad", realm: "oc1" },
  "eu-madrid-3": { key: "orf", realm: "oc1" },
  "eu-marseille-1": { key: "mrs", realm: "oc1" },
  "eu-milan-1": { key: "lin", realm: "oc1" },
  "eu-paris-1": { key: "cdg", realm: "oc1" },
  "eu-stockholm-1": { key: "arn", realm: "oc1" },
  "eu-turin-1": { key: "nrq", realm: "oc1" },
  "eu-zurich-1": { key: "zrh", realm: "oc1" },
  "il-jerusalem-1": { key: "mtz", realm: "oc1" },
  "me-abudhabi-1": { key: "auh", realm: "oc1" },
  "me-dubai-1": { key: "dxb", realm: "oc1" },
  "me-jeddah-1": { key: "jed", realm: "oc1" },
  "me-riyadh-1": { key: "ruh", realm: "oc1" },
  "mx-monterrey-1": { key: "mty", realm: "oc1" },
  "mx-queretaro-1": { key: "qro", realm: "oc1" },
  "sa-bogota-1": { key: "bog", realm: "oc1" },
  "sa-santiago-1": { key: "scl", realm: "oc1" },
  "sa-saopaulo-1": { key: "gru", realm: "oc1" },
  "sa-valparaiso-1": { key: "vap", realm: "oc1" },
  "sa-vinhedo-1": { key: "vcp", realm: "oc1" },
  "uk-cardiff-1": { key: "cwl", realm: "oc1" },
  "uk-london-1": { key: "lhr", realm: "oc1" },
  "us-ashburn-1": { key: "iad", realm: "oc1" },
  "us-chicago-1": { key: "ord", realm: "oc1" },
  "us-phoenix-1": { key: "phx", realm: "oc1" },
  "us-saltlake-2": { key: "aga", realm: "oc1" },
  "us-sanjose-1": { key: "sjc", realm: "oc1" },
  "us-langley-1": { key: "lfi", realm: "oc2" },
  "us-luke-1": { key: "luf", realm: "oc2" },
  "us-gov-ashburn-1": { key: "ric", realm: "oc3" },
  "us-gov-chicago-1": { key: "pia", realm: "oc3" },
  "us-gov-phoenix-1": { key: "tus", realm: "oc3" },
  "uk-gov-cardiff-1": { key: "brs", realm: "oc4" },
  "uk-gov-london-1": { key: "ltn", realm: "oc4" },
  "ap-chiyoda-1": { key: "nja", realm: "oc8" },
  "ap-ibaraki-1": { key: "ukb", realm: "oc8" },
  "me-dcc-muscat-1": { key: "mct", realm: "oc9" },
  "me-ibri-1": { key: "ibr", realm: "oc9" },
  "ap-dcc-canberra-1": { key: "wga", realm: "oc10" },
  "eu-dcc-dublin-1": { key: "ork", realm: "oc14" },
  "eu-dcc-dublin-2": { key: "snn", realm: "oc14" },
  "eu-dcc-milan-1": { key: "bgy", realm: "oc14" },
  "eu-dcc-milan-2": { key: "mxp", realm: "oc14" },
  "eu-dcc-rating-1": { key: "dus", realm: "oc14" },
  "eu-dcc-rating-2": { key: "dtm", realm: "oc14" },
  "ap-dcc-gazipur-1": { key: "dac", realm: "oc15" },
  "eu-frankfurt-2": { key: "str", realm: "oc19" },
  "eu-madrid-2": { key: "vll", realm: "oc19" },
  "eu-jovanovac-1": { key: "beg", realm: "oc20" },
  "me-alrayyan-1": { key: "vve", realm: "oc21" },
  "me-dcc-doha-1": { key: "doh", realm: "oc21" },
  "us-somerset-1": { key: "ebb", realm: "oc23" },
  "us-thames-1": { key: "ebl", realm: "oc23" },
  "eu-crissier-1": { key: "avf", realm: "oc24" },
  "eu-dcc-zurich-1": { key: "avz", realm: "oc24" },
  "me-abudhabi-3": { key: "ahu", realm: "oc26" },
  "me-alain-1": { key: "rba", realm: "oc26" },
  "me-abudhabi-2": { key: "rkt", realm: "oc29" },
  "me-abudhabi-4": { key: "shj", realm: "oc29" },
  "ap-chuncheon-2": { key: "bno", realm: "oc35" },
  "ap-seoul-2": { key: "dtz", realm: "oc35" },
  "ap-suwon-1": { key: "dln", realm: "oc35" },
  "us-ashburn-2": { key: "yxj", realm: "oc42" },
  "us-newark-1": { key: "pgc", realm: "oc42" },
  "eu-budapest-1": { key: "jsk", realm: "oc51" },
  "sa-riodejaneiro-1": { key: "hnw", realm: "oc52" },
};

/** The realm of a region identifier, or undefined for a region not in {@link REGIONS}. */
export function realmOfRegion(region: string): string | undefined {
  return Object.hasOwn(REGIONS, region) ? REGIONS[region].realm : undefined;
}

/** True for a realm key that exists (`oc1`, `oc19`, …). */
export function isKnownRealm(realm: string): boolean {
  return Object.hasOwn(REALM_DOMAINS, realm);
}

/** True for a region identifier (`us-ashburn-1`) or key (`iad`) of a region in {@link REGIONS}, any case. */
export function isKnownRegionName(name: string): boolean {
  const n = name.toLowerCase();
  return Object.hasOwn(REGIONS, n) || Object.values(REGIONS).some((r) => r.key === n);
}
