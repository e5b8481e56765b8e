import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startBrokerWorld, type BrokerWorld } from "../../testing/broker-world";

// The FDK entry (func.ts) as OCI Functions runs it: a process serving Fn's http-stream contract on the unix socket
// named by FN_LISTENER. Only paths that need no OCI endpoint are exercised here; the handler tests cover the rest.
let world: BrokerWorld;
let child: ChildProcess;
let dir: string;
let socket: string;
let stderr = "";

beforeAll(async () => {
  world = await startBrokerWorld();
  dir = mkdtempSync(join(tmpdir(), "fdk-"));
  socket = join(dir, "lsnr.sock");
  child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "../../functions/upst-broker/src/func.ts")], {
    env: { PATH: process.env.PATH, ...world.env, FN_FORMAT: "http-stream", FN_LISTENER: `unix:${socket}` },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
  for (let i = 0; i < 200 && !existsSync(socket); i++) await sleep(25);
  if (!existsSync(socket)) throw new Error(`the function did not listen: ${stderr}`);
}, 15_000);

afterAll(async () => {
  child.kill();
  rmSync(dir, { recursive: true, force: true });
  await world.close();
});

function call(body: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath: socket,
        path: "/call",
        method: "POST",
        headers: {
          "Fn-Http-Method": "POST",
          "Fn-Http-Request-Url": "/upst/token",
          "Fn-Http-H-Authorization": "Bearer not-logged",
        },
      },
      (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString("utf8")));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

test("answers a bad request through the gateway's status header with the handler's JSON, and logs one line without the bearer", async () => {
  const r = await call(JSON.stringify({ publicKey: "not a key", extra: 1 }));
  expect(r.status).toBe(200); // Fn's own status; the gateway's is Fn-Http-Status.
  expect(r.headers["fn-http-status"]).toBe("400");
  expect(r.headers["content-type"]).toBe("application/json");
  expect(r.headers["fn-http-h-cache-control"]).toBe("no-store");
  const body = JSON.parse(r.body) as Record<string, unknown>;
  expect(body).toEqual({
    error: expect.stringMatching(/^extra is not a known field/),
    field: "extra",
    requestId: r.headers["fn-http-h-opc-request-id"],
  });
  for (let i = 0; i < 40 && !stderr.includes('"event":"request"'); i++) await sleep(25);
  expect(stderr).toContain(`"requestId":"${body.requestId as string}","status":400`);
  expect(stderr).not.toContain("not-logged");
  expect(world.secrets.requestIds).toEqual([]);
});
