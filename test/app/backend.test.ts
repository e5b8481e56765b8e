import { readFileSync } from "node:fs";
import { join } from "node:path";
import { configFrom, FIXTURES, synth } from "../support/stacks";

const seed = readFileSync(join(FIXTURES, "seed-sample.ini"), "utf8");
const terraformBlock = (extra: string) => synth(configFrom(`${seed}\n${extra}\n`).config).doc.terraform;

describe("the stack's state backend", () => {
  test("is the local file next to the config without [Backend], with no Terraform version constraint", () => {
    const tf = terraformBlock("");
    expect(tf.backend).toEqual({ local: { path: "../../../terraform.wif.tfstate" } });
    expect(tf.required_version).toBeUndefined();
  });

  test("type = local with a path keeps the local backend at that path", () => {
    expect(terraformBlock("[Backend]\ntype = local\npath = state/dev.tfstate").backend).toEqual({
      local: { path: "../../../state/dev.tfstate" },
    });
  });

  test("type = oci writes Terraform's native oci backend as the only backend, and requires Terraform 1.12", () => {
    const tf = terraformBlock(
      "[Backend]\ntype = oci\nbucket = tf-state\nnamespace = axaxnpcrorw5\nregion = eu-frankfurt-1\nauth = SecurityToken\nconfig_file_profile = wif",
    );
    expect(tf.backend).toEqual({
      oci: {
        bucket: "tf-state",
        namespace: "axaxnpcrorw5",
        key: "wif/terraform.tfstate",
        region: "eu-frankfurt-1",
        auth: "SecurityToken",
        config_file_profile: "wif",
      },
    });
    expect(tf.required_version).toBe(">= 1.12.0");
  });

  test("type = s3 writes the S3 backend for OCI's compatibility endpoint, with the checks OCI cannot answer skipped", () => {
    const tf = terraformBlock(
      "[Backend]\ntype = s3\nbucket = tf-state\nnamespace = ns\nregion = us-ashburn-1\nkey = wif.tfstate",
    );
    expect(tf.backend).toEqual({
      s3: {
        bucket: "tf-state",
        key: "wif.tfstate",
        region: "us-ashburn-1",
        endpoints: { s3: "https://ns.compat.objectstorage.us-ashburn-1.oraclecloud.com" },
        use_path_style: true,
        skip_region_validation: true,
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        skip_s3_checksum: true,
      },
    });
    expect(tf.required_version).toBe(">= 1.6.4");
  });

  test("type = http writes the HTTP backend without credentials and without a version constraint", () => {
    const tf = terraformBlock(
      "[Backend]\ntype = http\naddress = https://state.example.com/wif\nlock_address = https://state.example.com/wif/lock",
    );
    expect(tf.backend).toEqual({
      http: { address: "https://state.example.com/wif", lock_address: "https://state.example.com/wif/lock" },
    });
    expect(tf.required_version).toBeUndefined();
  });
});
