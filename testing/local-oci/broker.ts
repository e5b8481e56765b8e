/**
 * The broker stack's services in the local OCI: Vault/KMS, Functions and API Gateway. (Filled in below.)
 */
import type { Authority, Route } from "./core";

export class Broker {
  constructor(
    readonly tenancy: string,
    readonly region: string,
    private readonly baseUrl: () => string,
    private readonly authority: Authority,
  ) {}

  routes(): Route[] {
    void this.baseUrl;
    void this.authority;
    return [];
  }

  count(): number {
    return 0;
  }
}
