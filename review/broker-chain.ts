/**
 * The UPST broker as one chain: which OAuth clients may request the scope the gateway's route requires, the gateway
 * deployment, the function behind it, the Vault secret it reads, the account whose API key is in that secret, and
 * what that account's groups may do. Read from the resources the UpstBroker construct writes; a link the stack
 * does not show (a secret filled from a variable, a function without a gateway) is reported as unknown.
 */
import type { StackModel } from "./model";
import { refersTo } from "./model";
import { asRecord, block, list, referencesIn, strings, type StackResource } from "../core/stack";

const DEPLOYMENT = "oci_apigateway_deployment";

/** One broker: caller → scope → gateway → function → account → grants. */
export interface BrokerChainReport {
  /** Display names of the OAuth clients allowed to request the scope. */
  readonly callers: readonly string[];
  /** The fully qualified scopes a caller requests (the audience followed by the route's scope). */
  readonly scopes: readonly string[];
  /** The deployment's address, or null when no gateway routes to the function. */
  readonly gateway: string | null;
  readonly function: string;
  readonly functionAddress: string;
  /** The secret's name, or null when the function's UPST_SECRET_OCID is not a secret of this stack. */
  readonly secret: string | null;
  /** The account's user name, or null when the secret's content does not name a user of this stack. */
  readonly account: string | null;
  /** What the account's groups may do: policy statements. */
  readonly grants: readonly string[];
}

/** Every broker function of the stack, as a chain. */
export function brokerChains(model: StackModel): BrokerChainReport[] {
  const deployments = model.stack.resources.filter((r) => r.type === DEPLOYMENT);
  return model.functions
    .filter((f) => asRecord(f.body.config)?.UPST_SECRET_OCID !== undefined)
    .map((fn) => {
      const secret = model.vaultSecrets.find((s) => refersTo(asRecord(fn.body.config)?.UPST_SECRET_OCID, s));
      const contentRefs = secret ? referencesIn(block(secret.body.secret_content)?.content) : [];
      const account = model.users.find((u) =>
        contentRefs.some((ref) => ref.type === u.resource.type && ref.name === u.resource.name),
      );
      const routes = deployments.flatMap((d) =>
        list(block(d.body.specification)?.routes)
          .map(asRecord)
          .filter((route) => route && refersTo(block(route.backend)?.function_id, fn))
          .map((route) => ({ deployment: d, route: route! })),
      );
      const scopes = routes.flatMap(({ deployment, route }) => {
        const authz = block(block(route.request_policies)?.authorization);
        const authn = block(block(block(deployment.body.specification)?.request_policies)?.authentication);
        const audiences = strings(block(block(authn?.validation_policy)?.additional_validation_policy)?.audiences);
        return strings(authz?.allowed_scope).flatMap((scope) =>
          audiences.length ? audiences.map((aud) => `${aud}${scope}`) : [scope],
        );
      });
      const callers = model.apps
        .filter((a) => a.isClient && a.allowedScopes.some((s) => scopes.includes(s)))
        .map((a) => a.displayName);
      return {
        callers,
        scopes: [...new Set(scopes)],
        gateway: routes.length
          ? [...new Set(routes.map(({ deployment }) => displayName(deployment)))].join(", ")
          : null,
        function: displayName(fn),
        functionAddress: fn.address,
        secret: secret
          ? typeof secret.body.secret_name === "string"
            ? secret.body.secret_name
            : secret.address
          : null,
        account: account?.userName ?? null,
        grants: account ? account.groups.flatMap((g) => g.grants.map((x) => x.statement.text)) : [],
      };
    });
}

function displayName(r: StackResource): string {
  return typeof r.body.display_name === "string" ? r.body.display_name : r.address;
}
