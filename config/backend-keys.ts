/**
 * `[Backend]` keys that would put a credential in the config (and so in cdk.tf.json and CI logs), with what to do
 * instead. They are listed in config/spec.ts, so the loader reports them once, with this fix, not as unknown keys.
 */
export const REFUSED_BACKEND_KEYS: Readonly<Record<string, string>> = {
  password: "Set TF_HTTP_PASSWORD (and TF_HTTP_USERNAME) in the environment of terraform init instead.",
  username: "Set TF_HTTP_USERNAME (and TF_HTTP_PASSWORD) in the environment of terraform init instead.",
  access_key: "Put the Customer Secret Key in ~/.aws/credentials or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY instead.",
  secret_key: "Put the Customer Secret Key in ~/.aws/credentials or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY instead.",
  private_key: "Use an OCI config profile (config_file_profile) whose key_file points at the key instead.",
  sse_customer_key: "Use kms_key_id (a Vault key) instead, or pass it with terraform init -backend-config.",
};
