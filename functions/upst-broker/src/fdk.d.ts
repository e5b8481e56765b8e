/** The part of Oracle's Functions Development Kit for Node (`@fnproject/fdk`, plain JavaScript) that the broker uses. */
declare module "@fnproject/fdk" {
  export interface HTTPGatewayContext {
    /** The caller's HTTP headers as the gateway received them, names canonicalised, values as lists. */
    readonly headers: Record<string, string[]>;
    statusCode: number;
    setResponseHeader(key: string, ...values: string[]): void;
  }
  export interface Context {
    readonly httpGateway: HTTPGatewayContext;
    responseContentType: string | null;
  }
  export function handle(fn: (input: Buffer, ctx: Context) => unknown, options: { inputMode: "buffer" }): void;
}
