// The session key wif-exchange's bin starts before the command loads (client/early-key.ts).
import { startEarlySessionKey, takeEarlySessionKey } from "../../client/early-key";
import { makeSessionKeyPair } from "../../client/keys";

describe("the early session key", () => {
  afterEach(() => void takeEarlySessionKey());

  test("is not started for --help, -h or --version", () => {
    for (const argv of [["--help"], ["-h"], ["--token-file", "x", "--version"]]) {
      startEarlySessionKey(argv);
      expect(takeEarlySessionKey()).toBeUndefined();
    }
  });

  test("is taken by the first makeSessionKeyPair, once; the next pair is made fresh", async () => {
    startEarlySessionKey(["--token-file", "ci.jwt"]);
    const first = await makeSessionKeyPair();
    expect(takeEarlySessionKey()).toBeUndefined(); // consumed by the first call
    const second = await makeSessionKeyPair();
    expect(first.publicKey.asymmetricKeyDetails).toEqual({ modulusLength: 2048, publicExponent: 65537n });
    expect(second.publicKeyDer.equals(first.publicKeyDer)).toBe(false);
  }, 30_000);
});
