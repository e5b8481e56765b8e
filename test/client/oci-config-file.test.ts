import { upsertProfile, type SessionProfile } from "../../client/oci-config-file";

const VALUES: SessionProfile = {
  fingerprint: "aa:bb",
  key_file: "/h/.oci/sessions/wif/oci_api_key.pem",
  tenancy: "ocid1.tenancy.oc1..t",
  region: "us-ashburn-1",
  security_token_file: "/h/.oci/sessions/wif/token",
};
const BLOCK = [
  "fingerprint=aa:bb",
  "key_file=/h/.oci/sessions/wif/oci_api_key.pem",
  "tenancy=ocid1.tenancy.oc1..t",
  "region=us-ashburn-1",
  "security_token_file=/h/.oci/sessions/wif/token",
];

describe("upsertProfile", () => {
  test("writes a new file with just the profile", () => {
    expect(upsertProfile("", "wif", VALUES)).toBe(["[wif]", ...BLOCK, ""].join("\n"));
  });

  test("appends a new profile after a blank line, leaving the rest byte for byte", () => {
    const text = "# mine\n[DEFAULT]\nuser=ocid1.user.oc1..me\n";
    expect(upsertProfile(text, "wif", VALUES)).toBe(text + ["", "[wif]", ...BLOCK, ""].join("\n"));
  });

  test("appends to a file without a final newline", () => {
    expect(upsertProfile("[DEFAULT]\nregion=x", "wif", VALUES)).toBe(
      ["[DEFAULT]", "region=x", "", "[wif]", ...BLOCK, ""].join("\n"),
    );
  });

  test("updates keys in place, keeps comments and other keys, drops a stale pass_phrase and repeated keys", () => {
    const text = [
      "[wif]",
      "# session profile",
      "region = eu-frankfurt-1",
      "pass_phrase=old",
      "key_file=/old.pem",
      "key_file=/older.pem",
      "extra=1",
      "",
      "[next]",
      "key_file=/untouched.pem",
      "",
    ].join("\n");
    expect(upsertProfile(text, "wif", VALUES)).toBe(
      [
        "[wif]",
        "# session profile",
        "region=us-ashburn-1",
        "key_file=/h/.oci/sessions/wif/oci_api_key.pem",
        "extra=1",
        "fingerprint=aa:bb",
        "tenancy=ocid1.tenancy.oc1..t",
        "security_token_file=/h/.oci/sessions/wif/token",
        "",
        "[next]",
        "key_file=/untouched.pem",
        "",
      ].join("\n"),
    );
  });

  test("matches the profile name exactly, so [WIF] and [wif-ci] are other profiles", () => {
    const text = "[WIF]\nregion=a\n[wif-ci]\nregion=b\n";
    expect(upsertProfile(text, "wif", VALUES)).toBe(text + ["", "[wif]", ...BLOCK, ""].join("\n"));
  });

  test("keeps Windows line endings", () => {
    const out = upsertProfile("[DEFAULT]\r\nregion=x\r\n", "wif", VALUES);
    expect(out).toBe(["[DEFAULT]", "region=x", "", "[wif]", ...BLOCK, ""].join("\r\n"));
  });
});
