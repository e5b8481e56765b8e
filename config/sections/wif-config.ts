import { PROFILE_NAME, STACK_NAME } from "../../core/place";
import { runtimeConfigPath } from "../place-checks";
import { one, type ReadContext } from "./context";

/** `[WIFConfig]`: the token-exchange app, runtimeConfig.ini, the profile and stack names. */
export function readWifConfig(c: ReadContext): void {
  const { file, reader, problems } = c;
  const wif = one(c, "WIFConfig");
  const adminApp = wif?.entries.get("admin_app_name");
  if (adminApp) {
    problems.warn({
      file,
      line: adminApp.line,
      section: wif!.name,
      key: "admin_app_name",
      message:
        "is not needed and is ignored: Terraform acts with your own OCI credentials, so no standing admin client is created",
      fix: "You may delete the line.",
    });
  }
  const appName = (wif && reader.name(wif, "token_exchange_app_name")) ?? "TokenExchangeClient";
  const appDescription = wif && reader.string(wif, "description");
  const runtimeConfig = runtimeConfigPath(c, wif);
  // Both become paths: sessions/<profile> on every client, cdktf.out/stacks/<stack> and the state file here.
  const profileName = (wif && reader.pathName(wif, "profile_name", PROFILE_NAME)) ?? "wif";
  const stackName = (wif && reader.pathName(wif, "stack_name", STACK_NAME)) ?? "wif";
  c.draft.wif = { section: wif, appName, appDescription, runtimeConfig, profileName, stackName };
}
