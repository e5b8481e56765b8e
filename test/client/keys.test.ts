import { createHash, createPublicKey } from "node:crypto";
import { makeSessionKeyPair, ociFingerprint, publicKeyParameter } from "../../client/keys";

describe("session keys", () => {
  test("are RSA 2048, with a PKCS#8 private key and base64 DER as the public_key parameter", async () => {
    const keys = await makeSessionKeyPair();
    expect(keys.privateKeyPem.startsWith("-----BEGIN PRIVATE KEY-----\n")).toBe(true);
    expect(keys.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const param = publicKeyParameter(keys.publicKeyDer);
    expect(param).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    // The same value the PEM holds between its header and footer, with the line breaks removed.
    const pem = keys.publicKey.export({ type: "spki", format: "pem" }) as string;
    expect(param).toBe(pem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, ""));
    expect(
      createPublicKey({ key: Buffer.from(param, "base64"), format: "der", type: "spki" }).equals(keys.publicKey),
    ).toBe(true);
  });

  test("have OCI's fingerprint: the MD5 of the DER public key as colon-separated hex", () => {
    const der = Buffer.from("0123456789", "utf8");
    const hex = createHash("md5").update(der).digest("hex");
    expect(ociFingerprint(der)).toBe(hex.match(/../g)!.join(":"));
    expect(ociFingerprint(der)).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
  });
});
