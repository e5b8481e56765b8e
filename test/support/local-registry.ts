/**
 * A local npm registry serving packed tarballs the way registry.npmjs.org serves published ones (a packument at
 * `/<name>` listing each version with its tarball URL and integrity, the tarball at `/<name>/-/<file>`), so a test
 * can run `npm install <name>@<version>` as a user's CI job would, against what a release would publish. It accepts
 * nothing else: every other request, a publish (PUT) included, is recorded and answered 404/405.
 */
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { manifestOf } from "./packages";

export interface LocalRegistry {
  readonly url: string;
  /** Every request received, `METHOD /path`. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** Starts a registry on 127.0.0.1 serving `tarballs` (each the latest version of its package). */
export async function startLocalRegistry(tarballs: readonly string[] = []): Promise<LocalRegistry> {
  const requests: string[] = [];
  const files = new Map<string, Buffer>();
  const packuments = new Map<string, object>();
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? "/").split("?")[0]);
    requests.push(`${req.method} ${path}`);
    if (req.method !== "GET") {
      res.writeHead(405, { "content-type": "application/json" }).end('{"error":"this registry accepts no publish"}');
      return;
    }
    const file = files.get(path);
    if (file) {
      res.writeHead(200, { "content-type": "application/octet-stream" }).end(file);
      return;
    }
    const packument = packuments.get(path.slice(1));
    if (packument) {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(packument));
      return;
    }
    res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const tarball of tarballs) {
    const manifest = manifestOf(tarball);
    const bytes = readFileSync(tarball);
    const path = `/${manifest.name}/-/${basename(tarball)}`;
    files.set(path, bytes);
    packuments.set(manifest.name!, {
      name: manifest.name,
      "dist-tags": { latest: manifest.version },
      versions: {
        [manifest.version]: {
          ...manifest,
          _id: `${manifest.name}@${manifest.version}`,
          dist: {
            tarball: `${url}${path}`,
            integrity: `sha512-${createHash("sha512").update(bytes).digest("base64")}`,
            shasum: createHash("sha1").update(bytes).digest("hex"),
          },
        },
      },
    });
  }
  return {
    url,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
