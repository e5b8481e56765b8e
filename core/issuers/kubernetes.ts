/**
 * Kubernetes service account tokens, from any cluster's issuer. Sources:
 * https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/ (projected tokens, discovery),
 * https://docs.aws.amazon.com/emr/latest/EMR-on-EKS-DevelopmentGuide/setting-up-enable-IAM-service-accounts.html (EKS),
 * https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters.well-known/getOpenid-configuration
 * (GKE), https://learn.microsoft.com/en-us/azure/aks/use-oidc-issuer (AKS). Namespace and service account are
 * strings only inside `sub` (the `kubernetes.io` claim is an object, which OCI rules cannot read), so rules pin `sub`.
 */
import { RuleError } from "../rule-grammar";
import type { IssuerFamily } from "./types";

/** A namespace or service account name (DNS-1123 subdomain, as Kubernetes names them). */
const DNS_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** Where docs/ci/kubernetes.yml mounts the projected token with the trust's audience: our convention, not Kubernetes'. */
export const KUBERNETES_TOKEN_PATH = "/var/run/secrets/oci-wif/token";

export const kubernetes: IssuerFamily = {
  id: "kubernetes",
  title: "Kubernetes",
  platform: "Kubernetes",
  issuers: [
    {
      name: "EKS",
      example: "https://oidc.eks.<region>.amazonaws.com/id/<cluster id>",
      pattern: /^https:\/\/oidc\.eks\.[a-z0-9-]+\.amazonaws\.com\/id\/[A-Za-z0-9]+$/,
      shared: false,
    },
    {
      name: "GKE",
      example: "https://container.googleapis.com/v1/projects/<project>/locations/<location>/clusters/<cluster>",
      pattern: /^https:\/\/container\.googleapis\.com\/v1\/projects\/[^/]+\/locations\/[^/]+\/clusters\/[^/]+$/,
      shared: false,
    },
    {
      name: "AKS",
      example: "https://<region>.oic.prod-aks.azure.com/<tenant id>/<cluster id>/",
      pattern: /^https:\/\/(?:oidc\.prod-aks\.azure\.com\/[^/]+|[a-z0-9-]+\.oic\.prod-aks\.azure\.com\/[^/]+\/[^/]+)$/,
      shared: false,
    },
    // OKE (issuer format unconfirmed: read it from the cluster) and any other cluster: provider = kubernetes.
    {
      name: "any cluster (OKE, self-managed)",
      example: "https://<the cluster's service-account-issuer>",
      shared: false,
    },
  ],
  rule: {
    example: "kubernetes namespace=ci service_account=deployer",
    options: ["namespace", "service_account"],
    build: (o) => {
      const problems: string[] = [];
      if (o.namespace === undefined || !DNS_NAME.test(o.namespace))
        problems.push(
          `namespace must be a Kubernetes name (lower case, digits, '-', '.'); got ${JSON.stringify(o.namespace ?? "")}`,
        );
      const sa = o.service_account ?? "*";
      if (sa !== "*" && !DNS_NAME.test(sa))
        problems.push(
          `service_account must be a Kubernetes name, or * for every one of the namespace; got ${JSON.stringify(sa)}`,
        );
      if (problems.length) throw new RuleError(problems);
      return {
        expressions: [`sub eq system:serviceaccount:${o.namespace}:${sa}`],
        summary: `Kubernetes ${sa === "*" ? `every service account of namespace ${o.namespace}` : `${o.namespace}/${sa}`}`,
      };
    },
  },
  pin: {
    claims: [],
    pinsRule: () => false,
    fix: "the cluster's own issuer, which already pins it",
  },
  recommended: [],
  subjects: {
    ownerPrefixes: [
      {
        claim: "sub",
        form: /^system:serviceaccount:/,
        complete: /^system:serviceaccount:[^:]+:/,
        message: (v) => `matches other namespaces too: its wildcard ends inside the namespace name ("${v}*")`,
      },
    ],
    ownerScopedClaims: ["sub"],
    wholeClaims: {},
    broadPrefixes: [
      {
        claim: "sub",
        pattern: /^system:serviceaccount:([^:]+):$/,
        message: (m) => `matches every service account of namespace ${m[1]}`,
      },
    ],
  },
  token: {
    detect: [],
    needsAudience: false,
    steps: [{ via: "file", path: KUBERNETES_TOKEN_PATH }],
    how: `Mount a projected service account token with the trust's audience at ${KUBERNETES_TOKEN_PATH} (docs/ci/kubernetes.yml), or pass --token-file <its path>; the kubelet rotates it and wif-exchange --renew re-reads it.`,
    unavailable: `so the pod has no token for OCI. Mount a projected serviceAccountToken with the trust's audience there (docs/ci/kubernetes.yml), or pass --token-file <path>`,
    snippet: "docs/ci/kubernetes.yml",
  },
  sources: ["https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/"],
};
