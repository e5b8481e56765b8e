import { Realm, Region } from "oci-common";
import { isKnownRealm, isKnownRegionName, REALM_DOMAINS, realmOfRegion, REGIONS } from "../../core/regions";

/** The regions and realms Oracle's TypeScript SDK declares as constants (Region.US_ASHBURN_1, Realm.OC1, …). */
function sdkConstants<T>(cls: object, isOne: (v: unknown) => v is T): T[] {
  return Object.values(Object.getOwnPropertyDescriptors(cls))
    .map((d) => d.value)
    .filter(isOne);
}

describe("the region and realm table", () => {
  test("holds exactly the regions Oracle's SDK declares, each with the SDK's key and realm", () => {
    const sdk = sdkConstants(Region, (v): v is Region => v instanceof Region);
    expect(sdk.length).toBeGreaterThan(80);
    const fromSdk = Object.fromEntries(
      sdk.map((r) => [r.regionId, { key: r.regionCode, realm: r.realm.realmId }] as const),
    );
    expect(REGIONS).toEqual(fromSdk);
  });

  test("holds exactly the realms Oracle's SDK declares, each with its domain", () => {
    const sdk = sdkConstants(Realm, (v): v is Realm => v instanceof Realm);
    expect(REALM_DOMAINS).toEqual(Object.fromEntries(sdk.map((r) => [r.realmId, r.secondLevelDomain])));
  });

  test.each([
    ["us-ashburn-1", "oc1"],
    ["us-langley-1", "oc2"],
    ["us-gov-ashburn-1", "oc3"],
    ["uk-gov-london-1", "oc4"],
    ["eu-frankfurt-2", "oc19"],
    ["mars-north-1", undefined],
    ["constructor", undefined],
  ])("%s is in realm %s", (region, realm) => {
    expect(realmOfRegion(region)).toBe(realm);
  });

  test("knows realms and region names, and nothing inherited from Object", () => {
    expect([isKnownRealm("oc1"), isKnownRealm("oc99"), isKnownRealm("toString")]).toEqual([true, false, false]);
    expect([isKnownRegionName("IAD"), isKnownRegionName("us-phoenix-1"), isKnownRegionName("xyz")]).toEqual([
      true,
      true,
      false,
    ]);
  });
});
