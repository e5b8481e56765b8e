import type { IniDocument, IniSection } from "../../core/ini-file";
import type { ProblemList } from "../../core/problems";
import type { BackendSettings } from "../backend";
import type {
  DeployAuthSettings,
  OAuthClientSettings,
  ResourceServerSettings,
  RetiredSettings,
  ServiceUserSettings,
  SuppressionSettings,
  TrustSettings,
  UpstBrokerSettings,
  WorkloadSettings,
} from "../model";
import type { Reader } from "../reader";

/**
 * What every section reader (config/sections/index.ts) and every cross-section check (config/cross-checks.ts) gets:
 * where it reads, the sections by type, and the draft of the config read so far, which it adds to.
 */
export interface ReadContext {
  readonly file: string;
  readonly baseDir: string;
  readonly reader: Reader;
  readonly problems: ProblemList;
  readonly doc: IniDocument;
  /** The sections by their spec type (`Trust`, `ServiceUser`, …), in file order. */
  readonly byType: ReadonlyMap<string, IniSection[]>;
  /** Texts of files the config names, read instead of the disk (config/load-config.ts ParseOptions). */
  readonly files?: ReadonlyMap<string, string>;
  readonly draft: ConfigDraft;
}

/** One signature for every reader and check: read what is yours from `c`, record problems, add to `c.draft`. */
export type ConfigStep = (c: ReadContext) => void;

/**
 * A reader of one kind of section: the spec types it reads (config/spec.ts; the seed's section and its labelled
 * successor share one) and the reader. config/sections/index.ts lists them in reading order.
 */
export interface SectionReader {
  readonly types: readonly string[];
  readonly read: ConfigStep;
}

/** What the readers have read so far; config/load-config.ts turns it into the {@link WifConfig}. */
export interface ConfigDraft {
  domain: { section?: IniSection; url?: string; name?: string; ocid?: string };
  oci: {
    section?: IniSection;
    profile: string;
    tenancyOcid?: string;
    compartmentOcid?: string;
    region?: string;
    auth?: string;
    deployAuth?: DeployAuthSettings;
  };
  wif: {
    section?: IniSection;
    appName: string;
    appDescription?: string;
    runtimeConfig?: string;
    profileName: string;
    stackName: string;
  };
  backend?: BackendSettings;
  trusts: TrustSettings[];
  /** How many trust sections there were; more than `trusts` means some had errors (already reported). */
  trustSectionCount: number;
  seedTrust?: IniSection;
  users: ServiceUserSettings[];
  workloads: WorkloadSettings[];
  resourceServers: ResourceServerSettings[];
  /** Labels (lower case) of resource servers that had errors: references to them are not reported again. */
  brokenServers: Set<string>;
  oauthClients: OAuthClientSettings[];
  upstBrokers: UpstBrokerSettings[];
  adoption: {
    imports?: Readonly<Record<string, string>>;
    importsFile?: string;
    policyDescriptions?: Readonly<Record<string, string>>;
  };
  suppressions: SuppressionSettings[];
  retired?: RetiredSettings;
}

/** An empty draft, before any reader ran. */
export function emptyDraft(): ConfigDraft {
  return {
    domain: {},
    oci: { profile: "DEFAULT" },
    wif: { appName: "TokenExchangeClient", profileName: "wif", stackName: "wif" },
    trusts: [],
    trustSectionCount: 0,
    users: [],
    workloads: [],
    resourceServers: [],
    brokenServers: new Set(),
    oauthClients: [],
    upstBrokers: [],
    adoption: {},
    suppressions: [],
  };
}

/** The first section of a type. */
export function one(c: Pick<ReadContext, "byType">, type: string): IniSection | undefined {
  return c.byType.get(type)?.[0];
}
