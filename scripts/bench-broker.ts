/**
 * Measures the UPST broker function's handler per request against the local stand-ins (test/support): the Secrets
 * service read with the resource principal, and GenerateUpst signed with the account's key, both verifying
 * signatures. Prints figures; asserts nothing.
 *
 *   npm run bench:broker [-- <warm requests>]
 *
 * cold    = a fresh broker (new SDK clients, secret not cached) serving its first request, in this process
 *           (module loading of the SDK is reported separately, as it happens once per container);
 * warm    = later requests of the same broker: secret cached, clients reused.
 * Local HTTP on 127.0.0.1 only: real OCI adds network latency and the services' own time.
 */
import { performance } from "node:perf_hooks";

async function main(): Promise<void> {
  const warmCount = Number(process.argv[2] ?? 50);
  let t = performance.now();
  for (const m of ["oci-common", "oci-secrets", "oci-identitydataplane"]) require(m);
  const sdkMs = performance.now() - t;
  t = performance.now();
  require("../functions/upst-broker/src/handler");
  const handlerMs = performance.now() - t;
  const { brokerBody, callerKeyPair, startBrokerWorld } =
    require("../testing/broker-world") as typeof import("../testing/broker-world");

  const world = await startBrokerWorld();
  const caller = await callerKeyPair();
  const body = brokerBody(caller.publicKey);
  const quiet = { log: () => {} };
  try {
    const colds: number[] = [];
    for (let i = 0; i < 10; i++) {
      const broker = world.broker(quiet);
      t = performance.now();
      const r = await broker.handle(body, {});
      colds.push(performance.now() - t);
      if (r.status !== 200) throw new Error(`cold request answered ${r.status}: ${r.body}`);
    }
    const broker = world.broker(quiet);
    await broker.handle(body, {});
    const warms: number[] = [];
    for (let i = 0; i < warmCount; i++) {
      t = performance.now();
      const r = await broker.handle(body, {});
      warms.push(performance.now() - t);
      if (r.status !== 200) throw new Error(`warm request answered ${r.status}`);
    }
    const fmt = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(1);
      return `median ${q(0.5)} ms, p90 ${q(0.9)} ms, min ${s[0].toFixed(1)} ms (n=${s.length})`;
    };
    console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
    console.log(
      `loading oci-common, oci-secrets, oci-identitydataplane (once per container): ${sdkMs.toFixed(0)} ms; the handler's own modules: ${handlerMs.toFixed(0)} ms (transpiled by tsx here, a bundle in the image)`,
    );
    console.log(
      `first request of a new broker (cold: clients built, secret read, GenerateUpst): ${fmt(colds)}; the very first: ${colds[0].toFixed(1)} ms`,
    );
    console.log(`later requests (warm: secret cached, GenerateUpst only): ${fmt(warms)}`);
    console.log(`secret reads: ${world.secrets.reads.length}, GenerateUpst calls: ${world.auth.upstCalls.length}`);
  } finally {
    await world.close();
  }
}

main().catch((err: unknown) => {
  console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
