/**
 * The function's entry point: Oracle's FDK calls the handler once per invocation over its unix socket. All logic
 * is in handler.ts; this only copies the answer onto the gateway's HTTP response.
 */
import * as fdk from "@fnproject/fdk";
import { createBroker } from "./handler";

const broker = createBroker({ env: process.env });

fdk.handle(
  async (input, ctx) => {
    const response = await broker.handle(input ?? Buffer.alloc(0), ctx.httpGateway.headers);
    const gateway = ctx.httpGateway;
    gateway.statusCode = response.status;
    for (const [name, value] of Object.entries(response.headers)) {
      if (name.toLowerCase() === "content-type") ctx.responseContentType = value;
      else gateway.setResponseHeader(name, value);
    }
    // With a JSON content type the FDK serialises what it is given, so it gets the object.
    return JSON.parse(response.body) as unknown;
  },
  { inputMode: "buffer" },
);
