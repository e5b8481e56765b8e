import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../../core/errors";
import { expandPath, makeSessionDirs, prepareSession } from "../../client/session-files";
import { writeFilesAtomically } from "../../core/secret-file";
import { removeTempDirs, tempDir } from "./harness";

afterAll(removeTempDirs);

describe("writeFilesAtomically", () => {
  test("writes every file with its mode and leaves no temporary file behind", () => {
    const dir = tempDir();
    writeFilesAtomically([
      { path: join(dir, "a"), content: "A", mode: 0o600 },
      { path: join(dir, "b"), content: "B", mode: 0o640 },
    ]);
    expect(readdirSync(dir).sort()).toEqual(["a", "b"]);
    expect([readFileSync(join(dir, "a"), "utf8"), readFileSync(join(dir, "b"), "utf8")]).toEqual(["A", "B"]);
    expect([statSync(join(dir, "a")).mode & 0o777, statSync(join(dir, "b")).mode & 0o777]).toEqual([0o600, 0o640]);
  });

  test("puts back the files it already replaced when a later one fails, so none changes", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "key"), "old key");
    writeFileSync(join(dir, "token"), "old token");
    // A non-empty directory where the last file should go makes its rename fail after the others succeeded.
    mkdirSync(join(dir, "config"));
    writeFileSync(join(dir, "config", "x"), "");
    expect(() =>
      writeFilesAtomically([
        { path: join(dir, "key"), content: "new key", mode: 0o600 },
        { path: join(dir, "token"), content: "new token", mode: 0o600 },
        { path: join(dir, "config"), content: "new config", mode: 0o600 },
      ]),
    ).toThrow();
    expect([readFileSync(join(dir, "key"), "utf8"), readFileSync(join(dir, "token"), "utf8")]).toEqual([
      "old key",
      "old token",
    ]);
    expect(readdirSync(dir).sort()).toEqual(["config", "key", "token"]);
  });

  test("removes a file it created when a later one fails", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "blocked"));
    writeFileSync(join(dir, "blocked", "x"), "");
    expect(() =>
      writeFilesAtomically([
        { path: join(dir, "new"), content: "n", mode: 0o600 },
        { path: join(dir, "blocked"), content: "b", mode: 0o600 },
      ]),
    ).toThrow();
    expect(readdirSync(dir)).toEqual(["blocked"]);
  });
});

describe("prepareSession", () => {
  test("lays out sessions/<profile> beside the config file and creates nothing yet", () => {
    const home = tempDir();
    const { paths, configText, configMode } = prepareSession(join(home, ".oci", "config"), "wif");
    expect(paths).toEqual({
      configFile: join(home, ".oci", "config"),
      sessionDir: join(home, ".oci", "sessions", "wif"),
      keyFile: join(home, ".oci", "sessions", "wif", "oci_api_key.pem"),
      tokenFile: join(home, ".oci", "sessions", "wif", "token"),
    });
    expect([configText, configMode]).toEqual(["", 0o600]);
    expect(existsSync(join(home, ".oci"))).toBe(false);
    makeSessionDirs(paths);
    expect([statSync(join(home, ".oci")).mode & 0o777, statSync(paths.sessionDir).mode & 0o777]).toEqual([
      0o700, 0o700,
    ]);
  });

  test("writes through a symlinked config file to its target", () => {
    const home = tempDir();
    const real = join(home, "dotfiles");
    mkdirSync(real);
    writeFileSync(join(real, "oci-config"), "[DEFAULT]\n", { mode: 0o644 });
    mkdirSync(join(home, ".oci"));
    require("node:fs").symlinkSync(join(real, "oci-config"), join(home, ".oci", "config"));
    const { paths, configText, configMode } = prepareSession(join(home, ".oci", "config"), "wif");
    expect([paths.configFile, paths.sessionDir, configText, configMode]).toEqual([
      join(real, "oci-config"),
      join(real, "sessions", "wif"),
      "[DEFAULT]\n",
      0o644,
    ]);
  });

  test("fails before anything is sent when the config file's directory cannot be made", () => {
    const home = tempDir();
    writeFileSync(join(home, "file"), "");
    expect(() => prepareSession(join(home, "file", "config"), "wif")).toThrow(
      new UsageError(`cannot write under ${join(home, "file")} (ENOTDIR); nothing was sent. Check --config-file.`),
    );
  });
});

describe("expandPath", () => {
  test.each([
    ["~", "/home/u"],
    ["~/.oci/config", "/home/u/.oci/config"],
    ["/etc/oci", "/etc/oci"],
    ["rel/config", "/work/rel/config"],
  ])("expands %s", (input, expected) => {
    expect(expandPath(input, "/home/u", "/work")).toBe(expected);
  });
});
