import type { SectionReader } from "./context";
import { readIdentityDomain } from "./identity-domain";
import { readOciConfig } from "./oci-config";
import { readWifConfig } from "./wif-config";
import { readBackendSection } from "./backend";
import { readTrusts } from "./trust";
import { readServiceUsers } from "./service-user";
import { readWorkloads } from "./workload";
import { readResourceServers } from "./resource-server";
import { readOAuthClients } from "./oauth-client";
import { readUpstBrokers } from "./upst-broker";
import { readAdoptSection } from "./adopt";
import { readSuppressions } from "./suppress";

export { emptyDraft, type ConfigDraft, type ConfigStep, type ReadContext, type SectionReader } from "./context";
export { sortSections } from "./sort";

/**
 * The reader of every section type of config/spec.ts, one file each under config/sections/, in the order they run:
 * a reader may use what the readers before it put in the draft (service users need the trusts, workloads the
 * users, OAuth clients and brokers the resource servers). config/load-config.ts runs them in a loop, then the
 * cross-section checks (config/cross-checks.ts). A new kind of section is a spec entry plus a reader listed here;
 * a test checks that every spec type has exactly one reader.
 */
export const SECTION_READERS: readonly SectionReader[] = [
  { types: ["IdentityDomain"], read: readIdentityDomain },
  { types: ["OCIConfig"], read: readOciConfig },
  { types: ["WIFConfig"], read: readWifConfig },
  { types: ["Backend"], read: readBackendSection },
  { types: ["TrustConfiguration", "Trust"], read: readTrusts },
  { types: ["ServiceUserConfig", "ServiceUser"], read: readServiceUsers },
  { types: ["Workload"], read: readWorkloads },
  { types: ["ResourceServer"], read: readResourceServers },
  { types: ["OAuthClient"], read: readOAuthClients },
  { types: ["UpstBroker"], read: readUpstBrokers },
  { types: ["Adopt"], read: readAdoptSection },
  { types: ["Suppress"], read: readSuppressions },
  // Read before this file is parsed, by config/environments.ts, which merges each overlay into it; here its keys
  // have been checked (sortSections) and there is nothing more to read.
  { types: ["Environments"], read: (_c) => {} },
];
