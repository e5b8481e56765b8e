import { DataResource, Fn, ref, TerraformLocal, Token } from "cdktf";
import { Construct } from "constructs";
import type { IIdentityDomain } from "./identity-domain";
import { PropChecker } from "./validation";
import { renderRuntimeConfig, type RuntimeTrust } from "../core/runtime-config";
import { literalStack } from "./literal";

export {
  renderRuntimeConfig,
  SUBJECT_TOKEN_PLACEHOLDER,
  type RuntimeConfigValues,
  type RuntimeTrust,
} from "../core/runtime-config";

/**
 * Runs with `node -e` from Terraform's local-exec: writes $WIF_RUNTIME_CONFIG to $WIF_RUNTIME_CONFIG_PATH through
 * a temporary file in the same directory, created with mode 0600, then renamed over the target, so a reader never
 * sees a partial file and the secret is never world-readable, not even for a moment.
 */
export const WRITE_SCRIPT = [
  'const fs = require("fs"), path = require("path");',
  "const target = path.resolve(process.env.WIF_RUNTIME_CONFIG_PATH);",
  "fs.mkdirSync(path.dirname(target), { recursive: true });",
  'const tmp = target + ".tmp-" + process.pid;',
  "try {",
  '  fs.writeFileSync(tmp, process.env.WIF_RUNTIME_CONFIG, { mode: 0o600, flag: "wx" });',
  "  fs.chmodSync(tmp, 0o600);",
  "  fs.renameSync(tmp, target);",
  "} catch (err) {",
  "  try { fs.unlinkSync(tmp); } catch {}",
  "  throw err;",
  "}",
  'console.log("wrote " + target + " (mode 0600)");',
].join("\n");

/** Runs on destroy: removes the file, whose secret no longer works once the app is gone. */
export const DELETE_SCRIPT = [
  'const fs = require("fs"), path = require("path");',
  "const target = path.resolve(process.env.WIF_RUNTIME_CONFIG_PATH);",
  'try { fs.unlinkSync(target); console.log("removed " + target); } catch (err) { if (err.code !== "ENOENT") throw err; }',
].join("\n");

/** Props of {@link RuntimeConfigFile}. */
export interface RuntimeConfigFileProps {
  readonly domain: IIdentityDomain;
  /** The token-exchange client; its ID and (sensitive) secret go into the file. */
  readonly client: { readonly clientId: string; readonly clientSecret: string };
  /** Where to write the file; a relative path is relative to Terraform's working directory. */
  readonly path: string;
  /**
   * Tenancy OCID for clients (they can also read it from the UPST's `tenant` claim).
   * @default - not written
   */
  readonly tenancyOcid?: string;
  /**
   * Region for the OCI profile clients write.
   * @default - not written; clients must be told
   */
  readonly region?: string;
  /**
   * Name of the OCI config profile that exchange clients create.
   * @default "wif"
   */
  readonly profileName?: string;
  /**
   * Trusts, so a client knows which audience to request for its issuer.
   * @default - none
   */
  readonly trusts?: readonly RuntimeTrust[];
}

/**
 * Writes runtimeConfig.ini on the machine that runs `terraform apply`, with mode 0600.
 *
 * It is a `terraform_data` resource with a local-exec provisioner, not a file resource: provisioners run only
 * when the resource is created or replaced, so a plan on a fresh CI machine (where the file does not exist)
 * shows no change, where `local_sensitive_file` would want to create the file on every such plan. It is replaced,
 * and the file rewritten, when any value in it changes (the trigger is a hash, marked sensitive). The secret
 * reaches the script through the environment, and Terraform suppresses provisioner output when its config holds
 * a sensitive value. `terraform destroy` removes the file.
 */
export class RuntimeConfigFile extends Construct {
  public readonly resource: DataResource;
  /** The file's content, wrapped in `sensitive()`; also useful as a sensitive output. */
  public readonly content: string;

  constructor(scope: Construct, id: string, props: RuntimeConfigFileProps) {
    super(scope, id);
    literalStack(this);
    const checks = new PropChecker(this, "RuntimeConfigFile");
    checks.check(
      "path",
      props.path,
      (v) => v.trim() !== "",
      "must not be empty",
      "Set [WIFConfig] runtime_config_path.",
    );
    checks.throwIfAny();

    // A local rather than a string inside sensitive(...): Terraform evaluates it as a plain template, and the
    // result is sensitive anyway because the secret in it is.
    const content = new TerraformLocal(
      this,
      "Content",
      // Terraform reads the rendered text as a template: the stack's literal step (./literal.ts) keeps the config's
      // values literal there, and the secret's token live.
      renderRuntimeConfig({
        domainUrl: props.domain.url,
        clientId: props.client.clientId,
        clientSecret: Fn.replace(props.client.clientSecret, "%", "%%"),
        tenancyOcid: props.tenancyOcid,
        region: props.region,
        profileName: props.profileName ?? "wif",
        trusts: props.trusts ?? [],
      }),
    );
    this.content = Fn.sensitive(content.asString);
    this.resource = new DataResource(this, "File", {
      input: { path: props.path },
      triggersReplace: { content: Fn.sensitive(Fn.sha256(this.content)) },
      provisioners: [
        {
          type: "local-exec",
          interpreter: ["node", "-e"],
          command: WRITE_SCRIPT,
          environment: { WIF_RUNTIME_CONFIG_PATH: props.path, WIF_RUNTIME_CONFIG: this.content },
        },
        {
          type: "local-exec",
          when: "destroy",
          interpreter: ["node", "-e"],
          command: DELETE_SCRIPT,
          // Destroy-time provisioners may only refer to their own resource.
          environment: { WIF_RUNTIME_CONFIG_PATH: Token.asString(ref("self.input.path")) },
        },
      ],
    });
  }
}
