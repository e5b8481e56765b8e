import { TerraformProvider, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { IdentityDomainsApiKey } from "../.gen/providers/oci/identity-domains-api-key";
import type { IdentityDomainsGroup } from "../.gen/providers/oci/identity-domains-group";
import { IdentityDomainsUser } from "../.gen/providers/oci/identity-domains-user";
import { PrivateKey } from "../.gen/providers/tls/private-key";
import { TlsProvider } from "../.gen/providers/tls/provider";
import type { IIdentityDomain } from "./identity-domain";
import {
  checkUserAndGroupNames,
  soleMemberGroup,
  USER_EXTENSION_SCHEMA,
  USER_SCHEMA,
  type IGroup,
} from "./service-user";
import { PropChecker } from "./validation";
import { literalStack } from "./literal";

export const CAPABILITIES_SCHEMA = "urn:ietf:params:scim:schemas:oracle:idcs:extension:capabilities:User";
export const API_KEY_SCHEMA = "urn:ietf:params:scim:schemas:oracle:idcs:apikey";

/** Props of {@link BrokerAccount}. */
export interface BrokerAccountProps {
  readonly domain: IIdentityDomain;
  readonly userName: string;
  /**
   * The public half of the account's API key (PEM). With it, the private key never enters Terraform state; you put
   * it into the broker's Vault secret yourself.
   * @default - a 2048-bit RSA key pair generated in Terraform (`tls_private_key`), whose private key is in state
   */
  readonly publicKeyPem?: string;
  /**
   * A primary email. Identity domains often require one for regular users; no notification is sent to it.
   * @default - none
   */
  readonly email?: string;
  /**
   * The account's group, which its policy names (what the broker's session tokens may do).
   * @default `${userName}-group`
   */
  readonly groupName?: string;
}

/**
 * The account whose session tokens the UPST broker hands out: a regular user (service users cannot hold API keys)
 * that can use API keys and nothing else — no console, no password, no other credential — with one API key.
 *
 * Two ways to get the key, with different costs: generated in Terraform (simplest; the private key is then in
 * Terraform state and in the Vault secret, so state must be guarded like the key), or a public key you give (the
 * private key never enters state, but you upload it to the secret once, by hand).
 *
 * @see https://registry.terraform.io/providers/oracle/oci/latest/docs/resources/identity_domains_api_key
 */
export class BrokerAccount extends Construct implements IGroup {
  public readonly domain: IIdentityDomain;
  public readonly user: IdentityDomainsUser;
  public readonly group: IdentityDomainsGroup;
  public readonly apiKey: IdentityDomainsApiKey;
  public readonly userName: string;
  public readonly userId: string;
  public readonly userOcid: string;
  public readonly groupName: string;
  public readonly groupOcid: string;
  /** The API key's fingerprint, as OCI request signing needs it. */
  public readonly fingerprint: string;
  /** The generated private key (PEM, sensitive), or undefined when the admin gave the public key. */
  public readonly privateKeyPem?: string;

  constructor(scope: Construct, id: string, props: BrokerAccountProps) {
    super(scope, id);
    literalStack(this);
    const groupName = props.groupName ?? `${props.userName}-group`;
    const checks = new PropChecker(this, "BrokerAccount");
    checkUserAndGroupNames(checks, props.userName, groupName);
    checks.check(
      "publicKeyPem",
      props.publicKeyPem,
      (v) => /^-----BEGIN PUBLIC KEY-----\s[A-Za-z0-9+/=\s]+-----END PUBLIC KEY-----\s*$/.test(v.trim() + "\n"),
      "must be a PEM public key (-----BEGIN PUBLIC KEY----- …)",
      "Export it with: openssl rsa -in key.pem -pubout",
      true,
    );
    checks.check("email", props.email, (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), "must be an email address");
    checks.throwIfAny();

    this.domain = props.domain;
    this.userName = props.userName;
    this.groupName = groupName;
    this.user = new IdentityDomainsUser(this, "User", {
      idcsEndpoint: props.domain.url,
      schemas: [USER_SCHEMA, USER_EXTENSION_SCHEMA, CAPABILITIES_SCHEMA],
      userName: props.userName,
      description: "API-key-only account of the UPST broker. Managed by Terraform.",
      name: { familyName: props.userName },
      emails: props.email ? [{ type: "work", value: props.email, primary: true }] : undefined,
      urnietfparamsscimschemasoracleidcsextensionuserUser: { bypassNotification: true },
      urnietfparamsscimschemasoracleidcsextensioncapabilitiesUser: {
        canUseApiKeys: true,
        canUseAuthTokens: false,
        canUseConsole: false,
        canUseConsolePassword: false,
        canUseCustomerSecretKeys: false,
        canUseDbCredentials: false,
        canUseOauth2ClientCredentials: false,
        canUseSmtpCredentials: false,
      },
      forceDelete: true,
      lifecycle: { ignoreChanges: ["schemas"] },
    });
    this.group = soleMemberGroup(this, props.domain, groupName, this.user);

    let publicKeyPem = props.publicKeyPem;
    if (publicKeyPem === undefined) {
      ensureTlsProvider(this);
      const key = new PrivateKey(this, "KeyPair", { algorithm: "RSA", rsaBits: 2048 });
      publicKeyPem = key.publicKeyPem;
      this.privateKeyPem = key.privateKeyPem;
    }
    this.apiKey = new IdentityDomainsApiKey(this, "ApiKey", {
      idcsEndpoint: props.domain.url,
      schemas: [API_KEY_SCHEMA],
      key: publicKeyPem,
      description: "Signs the UPST broker's GenerateUserSecurityToken calls. Managed by Terraform.",
      user: { value: this.user.id, ocid: this.user.ocid },
      // Never returned by the service, so without this every plan would want to set it.
      lifecycle: { ignoreChanges: ["urnietfparamsscimschemasoracleidcsextensionself_change_user"] },
    });
    this.userId = this.user.id;
    this.userOcid = this.user.ocid;
    this.groupOcid = this.group.ocid;
    this.fingerprint = this.apiKey.fingerprint;
  }
}

/** Adds the (configuration-free) TLS provider to the stack unless it has one. */
function ensureTlsProvider(scope: Construct): void {
  const stack = TerraformStack.of(scope);
  const has = stack.node
    .findAll()
    .some((c) => TerraformProvider.isTerraformProvider(c) && (c as TerraformProvider).terraformResourceType === "tls");
  // The binding is generated with the constraint the stack pins (TLS_PROVIDER in scripts/schema/provider-schema.ts).
  if (!has) new TlsProvider(stack, "tls");
}
