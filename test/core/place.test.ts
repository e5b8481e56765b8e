import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  checkName,
  checkPlace,
  nameRefusal,
  PROFILE_NAME,
  readNamedText,
  readPlaceText,
  STACK_NAME,
  ENVIRONMENT_NAME,
  type PlaceRule,
} from "../../core/place";
import { writeFilesAtomically, writeSecretFile } from "../../core/secret-file";
import { credentialInUrl } from "../../core/url";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "wif-place-"));
  mkdirSync(join(dir, "root", "sub"), { recursive: true });
  mkdirSync(join(dir, "outside"));
  writeFileSync(join(dir, "root", "sub", "in.txt"), "inside\n");
  writeFileSync(join(dir, "outside", "secret.txt"), "outside secret\n");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const RULE: PlaceRule = { rootName: "the root", expected: "a path under the root", kind: "file" };
const refusalOf = (value: string, rule: PlaceRule = RULE) =>
  checkPlace(join(dir, "root"), value, rule).refusal?.message;

describe("names", () => {
  test.each([
    ["wif", undefined],
    ["ci.deploy@prod-1", undefined],
    ["", "must be a profile name, not empty"],
    [".", "must be a profile name, not '.' (a folder)"],
    ["..", "must be a profile name, not '..' (a folder)"],
    ["a/b", "must be a profile name, one path segment without '/' or '\\'"],
    ["a\\b", "must be a profile name, one path segment without '/' or '\\'"],
    ["a\u0000b", "must be a profile name; it holds a control character or a line break"],
    ["a\nb", "must be a profile name; it holds a control character or a line break"],
    ["a\u2028b", "must be a profile name; it holds a control character or a line break"],
    ["\u2024\u2024", 'must be a profile name; "\u2024" is not allowed in one'],
    ["x".repeat(65), "must be a profile name of at most 64 characters, not 65"],
    ["a b", 'must be a profile name; " " is not allowed in one'],
  ])("a profile name %j: %s", (value, message) => {
    expect(nameRefusal(value, PROFILE_NAME)?.message).toBe(message);
  });

  test("stack and environment names have their own characters and lengths", () => {
    expect(nameRefusal("wif.prod", STACK_NAME)?.message).toBe('must be a stack name; "." is not allowed in one');
    expect(nameRefusal("x".repeat(100), STACK_NAME)).toBeUndefined();
    expect(nameRefusal("Prod", ENVIRONMENT_NAME)?.message).toBe(
      'must be an environment name; it may not start with "P"',
    );
    expect(nameRefusal("-dev", ENVIRONMENT_NAME)?.message).toBe(
      'must be an environment name; it may not start with "-"',
    );
  });

  test("checkName throws a PlaceError naming the flag, the escaped and cut value, and the fix", () => {
    expect(() => checkName(`..${"x".repeat(200)}\n`, PROFILE_NAME, "--profile")).toThrow(
      `--profile must be a profile name; it holds a control character or a line break; got "..${"x".repeat(78)}… (203 characters)". Use letters, digits, '.', '_', '@' or '-', at most 64 characters, e.g. wif.`,
    );
  });
});

describe("places under a root", () => {
  test("a relative path under the root is the place, resolved there", () => {
    const { place } = checkPlace(join(dir, "root"), "sub/in.txt", RULE);
    expect(place).toEqual({
      path: join(dir, "root", "sub", "in.txt"),
      real: join(dir, "root", "sub", "in.txt"),
      exists: true,
    });
    expect(readPlaceText(place!, 100)).toBe("inside\n");
    expect(checkPlace(join(dir, "root"), "new/file.txt", RULE).place).toEqual({
      path: join(dir, "root", "new", "file.txt"),
      exists: false,
    });
  });

  test.each([
    ["..", "must not contain '..' (it must stay under the root)"],
    ["../outside/secret.txt", "must not contain '..' (it must stay under the root)"],
    ["sub/../../x", "must not contain '..' (it must stay under the root)"],
    ["/etc/passwd", "is an absolute path; it must be under the root"],
    ["~/.oci/config", "starts with '~', which is not expanded here"],
    ["sub\\in.txt", "holds a '\\'"],
    ["a\u0000b", "holds a control character or a line break"],
    ["sub/\u202Etxt.ni", "holds an invisible or direction-changing character"],
    ["/etc/passwd/x", "is an absolute path; it must be under the root"],
    ["", "must not be empty"],
    [".", "names the root itself"],
    ["sub", "is a directory, not a regular file"],
    [`${"d/".repeat(520)}x`, "is longer than 1024 characters"],
    [`${"n".repeat(256)}`, "has a path segment longer than 255 bytes"],
    ["sub/in.txt/x", "goes through sub/in.txt, which is not a folder"],
  ])("%j is refused: %s", (value, message) => {
    expect(refusalOf(value)).toBe(message);
  });

  test("a link that stays under the root is followed; one that leaves it, or leads nowhere, is refused", () => {
    symlinkSync("sub", join(dir, "root", "inner"));
    symlinkSync(join(dir, "outside"), join(dir, "root", "out"));
    symlinkSync(join(dir, "outside", "secret.txt"), join(dir, "root", "file-out"));
    symlinkSync(join(dir, "nothing"), join(dir, "root", "dangling"));
    // A link inside the root to a link that leaves it.
    symlinkSync("file-out", join(dir, "root", "chain"));
    const { place } = checkPlace(join(dir, "root"), "inner/in.txt", RULE);
    expect(place?.real).toBe(join(dir, "root", "sub", "in.txt"));
    for (const [value, link] of [
      ["out/secret.txt", "out"],
      ["file-out", "file-out"],
      ["dangling", "dangling"],
      ["chain", "chain"],
    ])
      expect(refusalOf(value)).toBe(
        `is or goes through a symbolic link (${link}) that leads outside the root or nowhere`,
      );
  });

  test("a written place refuses any link at itself, even one that stays under the root", () => {
    symlinkSync("sub/in.txt", join(dir, "root", "alias"));
    expect(refusalOf("alias", { ...RULE, write: true })).toBe(
      "is a symbolic link; nothing holding a secret is written through one",
    );
    expect(refusalOf("alias")).toBeUndefined();
  });

  test("an absolute path, where allowed, is checked at the place itself only", () => {
    const rule = { ...RULE, absolute: true };
    expect(checkPlace(join(dir, "root"), join(dir, "outside", "secret.txt"), rule).place?.exists).toBe(true);
    symlinkSync(join(dir, "outside", "secret.txt"), join(dir, "root", "link"));
    expect(refusalOf(join(dir, "root", "link"), rule)).toBe(
      "is a symbolic link that leads out of its folder or nowhere",
    );
    expect(refusalOf(join(dir, "root", "link"), { ...rule, write: true })).toBe(
      "is a symbolic link; nothing holding a secret is written through one",
    );
    expect(refusalOf(`${dir}/root/sub/in.txt/x`, rule)).toBe("cannot be checked (ENOTDIR)");
    expect(refusalOf(`${dir}/root/../outside/secret.txt`, rule)).toBe(
      "must not contain '..' (it must stay under the root)",
    );
  });

  test("a root that does not exist yet holds nothing; a root that is a file is refused", () => {
    expect(checkPlace(join(dir, "missing"), "a/b", RULE).place).toEqual({
      path: join(dir, "missing", "a", "b"),
      exists: false,
    });
    expect(checkPlace(join(dir, "root", "sub", "in.txt"), "x", RULE).refusal?.message).toBe(
      "is under the root, which is not a folder",
    );
  });
});

describe("files named by a flag", () => {
  test("are read as named, and through a link only when it stays in the file's folder", () => {
    symlinkSync("in.txt", join(dir, "root", "sub", "alias.txt"));
    symlinkSync(join(dir, "outside", "secret.txt"), join(dir, "root", "sub", "out.txt"));
    expect(readNamedText(join(dir, "root", "sub", "alias.txt"), 100)).toBe("inside\n");
    expect(() => readNamedText(join(dir, "root", "sub", "out.txt"), 100)).toThrow(
      "is or goes through a symbolic link (out.txt) that leads outside the file's folder or nowhere",
    );
    expect(() => readNamedText(join(dir, "root", "sub", "none.txt"), 100)).toThrow(/ENOENT/);
  });
});

describe("the secret file writer", () => {
  test("refuses a link at its target and leaves the link's target as it was", () => {
    symlinkSync(join(dir, "outside", "secret.txt"), join(dir, "root", "token"));
    expect(() => writeSecretFile(join(dir, "root", "token"), "new")).toThrow(
      "is a symbolic link, and nothing is written through one: nothing was written. Remove the link",
    );
    expect(() =>
      writeFilesAtomically([
        { path: join(dir, "root", "key"), content: "k", mode: 0o600 },
        { path: join(dir, "root", "token"), content: "t", mode: 0o600 },
      ]),
    ).toThrow(/symbolic link/);
    expect(readFileSync(join(dir, "outside", "secret.txt"), "utf8")).toBe("outside secret\n");
    expect(() => readFileSync(join(dir, "root", "key"))).toThrow(/ENOENT/);
  });
});

describe("credentials in URLs", () => {
  test.each([
    ["https://state.example.com/s", undefined],
    ["https://state.example.com/s?version=2&lock=1", undefined],
    ["https://u:p@state.example.com/", "user:password@ before the host"],
    ["https://x/?access_token=a", 'the query parameter "access_token"'],
    ["https://x/?X-Amz-Algorithm=A&X-Amz-Signature=a", 'the query parameter "X-Amz-Signature"'],
    ["https://x/?X-Amz-Security-Token=a", 'the query parameter "X-Amz-Security-Token"'],
    ["https://x/?sv=2022&sig=a", 'the query parameter "sig"'],
    ["https://x/?X-Goog-Credential=a", 'the query parameter "X-Goog-Credential"'],
    ["https://x/?apiKey=a", 'the query parameter "apiKey"'],
    ["https://x/?client_secret=a", 'the query parameter "client_secret"'],
    ["https://x/?pwd=a", 'the query parameter "pwd"'],
    ["https://x/#id_token=a", 'the fragment parameter "id_token"'],
    [
      "https://objectstorage.eu-frankfurt-1.oraclecloud.com/p/abc/n/ns/b/b/o/o",
      "a pre-authenticated request (/p/…/), whose URL is its credential",
    ],
    ["not a url", undefined],
  ])("%s: %s", (url, where) => {
    expect(credentialInUrl(url)).toBe(where);
  });
});
