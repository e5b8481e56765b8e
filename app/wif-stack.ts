import { relative, sep } from "node:path";
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { OciProvider } from "../.gen/providers/oci/provider";
import type { WifConfig } from "../config/model";
import { WorkloadIdentityFederation } from "./workload-identity-federation";
import { literalStack } from "../constructs/literal";
import { addBackend } from "./backend";
import { applyImports } from "./adopt";
import { providerAuthArgs } from "./provider-auth";

/** Props of {@link WifStack}. */
export interface WifStackProps {
  readonly config: WifConfig;
  /**
   * The directory Terraform runs in for this stack (`<outdir>/stacks/<name>` with cdktf). Paths that Terraform
   * resolves at apply time (state, runtimeConfig.ini) are written relative to it, so the synthesized JSON holds
   * no machine-specific path and is the same on every machine.
   */
  readonly workingDirectory: string;
}

/**
 * One Terraform stack per config file: the OCI provider from `[OCIConfig]`, the state backend from `[Backend]`
 * (by default the local state file next to the config file), the federation set-up, and its outputs. Every output that can
 * carry the client secret is sensitive.
 */
export class WifStack extends TerraformStack {
  public readonly wif: WorkloadIdentityFederation;

  constructor(scope: Construct, props: WifStackProps) {
    const { config } = props;
    super(scope, config.stackName);
    // Every string this stack writes is literal text unless the code made it a reference (constructs/literal.ts).
    literalStack(this);
    const fromWorkdir = (p: string) => relative(props.workingDirectory, p).split(sep).join("/");

    addBackend(this, config, fromWorkdir);
    new OciProvider(this, "oci", {
      ...providerAuthArgs(config),
      region: config.oci.region,
    });
    this.wif = new WorkloadIdentityFederation(this, "Wif", {
      config,
      runtimeConfigPath: fromWorkdir(config.runtimeConfigPath),
    });

    if (config.imports) {
      applyImports(this, config.imports, {
        file: config.file,
        importsFile: config.importsFile,
        domainUrl: config.domain.url,
      });
    }

    if (config.suppressions.length) {
      // Under "//", which Terraform ignores, so `npm run review` finds them in cdk.tf.json next to what they silence.
      this.addOverride(
        "//.wif.suppressions",
        config.suppressions.map((s) => ({ rule: s.ruleId, reason: s.reason, applies_to: s.appliesTo })),
      );
    }

    this.addExchangeOutputs();
    this.addLongLivedTokenOutputs();
    this.addServiceUserOutput();
  }

  /** What exchange clients read back: the client ID, the (sensitive) secret and runtimeConfig.ini, and the trusts. */
  private addExchangeOutputs(): void {
    new TerraformOutput(this, "token_exchange_client_id", {
      value: this.wif.client.clientId,
      description: "OAuth client ID of the token-exchange app (not a secret).",
    });
    new TerraformOutput(this, "token_exchange_client_secret", {
      value: this.wif.client.clientSecret,
      sensitive: true,
      description:
        "Client secret of the token-exchange app. Read it with: terraform output -raw token_exchange_client_secret",
    });
    new TerraformOutput(this, "runtime_config_ini", {
      value: this.wif.runtimeConfig.content,
      sensitive: true,
      description: "The content of runtimeConfig.ini, for `npm run runtime-config` on a machine without the file.",
    });
    new TerraformOutput(this, "trusts", {
      value: Object.fromEntries(
        [...this.wif.trusts].map(([label, t]) => [label, { name: t.name, issuer: t.issuer, id: t.trust.id }]),
      ),
      description: "Identity propagation trusts by label.",
    });
    const resourceTrusts = [...this.wif.trusts].filter(([, t]) => t.mode === "resource");
    if (resourceTrusts.length) {
      new TerraformOutput(this, "resource_trusts", {
        value: Object.fromEntries(
          resourceTrusts.map(([label, t]) => [
            label,
            { res_type: t.impersonatingResource, propagated_claims: t.propagatedClaims.map((c) => `ext_${c}`) },
          ]),
        ),
        description:
          "Trusts in mode resource by label: the res_type clients send (wif-exchange --rpst --res-type) and the claims RPSTs carry.",
      });
    }
  }

  /** Resource servers, OAuth clients and UPST brokers, each output only when the config has some. */
  private addLongLivedTokenOutputs(): void {
    if (this.wif.resourceServers.size) {
      new TerraformOutput(this, "resource_servers", {
        value: Object.fromEntries(
          [...this.wif.resourceServers].map(([label, r]) => [
            label,
            { audience: r.audience, scopes: r.scopeValues.map((v) => r.fqs(v)) },
          ]),
        ),
        description: "Resource servers by label, with their fully qualified scopes.",
      });
    }
    if (this.wif.oauthClients.size) {
      new TerraformOutput(this, "oauth_clients", {
        value: Object.fromEntries(
          [...this.wif.oauthClients].map(([label, c]) => [label, { client_id: c.clientId, scopes: c.allowedScopes }]),
        ),
        description: "OAuth clients by label: client ID (not a secret) and allowed scopes.",
      });
      new TerraformOutput(this, "oauth_client_secrets", {
        value: Object.fromEntries([...this.wif.oauthClients].map(([label, c]) => [label, c.clientSecret])),
        sensitive: true,
        description:
          "Client secrets by label. Read one with: terraform output -json oauth_client_secrets | jq -r .<label>",
      });
    }
    if (this.wif.upstBrokers.size) {
      new TerraformOutput(this, "upst_brokers", {
        value: Object.fromEntries(
          [...this.wif.upstBrokers].map(([label, { broker, account }]) => [
            label,
            {
              secret_id: broker.secret.id,
              account: account.userName,
              account_ocid: account.userOcid,
              ...(broker.function ? { function_id: broker.function.id } : {}),
              ...(broker.endpoint ? { endpoint: broker.endpoint } : {}),
            },
          ]),
        ),
        description:
          "UPST brokers by label: endpoint, Vault secret, function and the account whose tokens they hand out.",
      });
    }
  }

  /** The service users by name; the last output, as it always was (outputs are written in this order). */
  private addServiceUserOutput(): void {
    new TerraformOutput(this, "service_users", {
      value: Object.fromEntries(
        [...this.wif.serviceUsers].map(([name, u]) => [name, { id: u.userId, ocid: u.userOcid, group: u.groupName }]),
      ),
      description: "Service users by user name, with their SCIM id, OCID and group.",
    });
  }
}
