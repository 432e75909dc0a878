/**
 * Settings of the example app, read from environment variables so a deployment can be
 * changed without editing code. Every variable is optional.
 */
export interface ExampleSettings {
  /** Stack name, the folder under cdktf.out/stacks. BYOK_STACK_NAME, default "byok-eventhubs". */
  readonly stackName: string;
  /** Azure region. BYOK_LOCATION, default "westeurope". */
  readonly location: string;
  /** Prefix of every globally unique name. BYOK_PREFIX, default "contoso". */
  readonly prefix: string;
  /** Public addresses of the agents that run Terraform, let through the vault firewall. BYOK_DEPLOYER_IPS, comma-separated. */
  readonly deployerIps: string[];
  /** Capacity units of the dedicated cluster. BYOK_CLUSTER_CAPACITY, default 1. */
  readonly clusterCapacity: number;
  /** Event hubs to create. BYOK_EVENT_HUBS, comma-separated, default "orders,payments". */
  readonly eventHubs: string[];
  /**
   * Namespaces to create in the one cluster, each with the event hubs and its diagnostics.
   * BYOK_NAMESPACE_COUNT, default 1. More than one shows how synthesis scales; a real deployment
   * is also bounded by Azure's quota of namespaces per dedicated cluster.
   */
  readonly namespaceCount: number;
}

const list = (value: string | undefined, fallback: string[]): string[] =>
  value === undefined
    ? fallback
    : value
        .split(",")
        .map((v) => v.trim())
        .filter((v) => v.length > 0);

/** Reads the example settings from `env`. Refuses a capacity or a namespace count that is not a whole number. */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): ExampleSettings {
  const capacityText = env.BYOK_CLUSTER_CAPACITY ?? "1";
  const clusterCapacity = Number(capacityText);
  if (!/^\d+$/.test(capacityText)) {
    throw new Error(
      `BYOK_CLUSTER_CAPACITY: received ${JSON.stringify(capacityText)}. Allowed: a whole number of capacity units, 1 or more. Fix: set it to e.g. 1.`,
    );
  }
  const countText = env.BYOK_NAMESPACE_COUNT ?? "1";
  const namespaceCount = Number(countText);
  if (!/^\d+$/.test(countText) || namespaceCount < 1) {
    throw new Error(
      `BYOK_NAMESPACE_COUNT: received ${JSON.stringify(countText)}. Allowed: a whole number of namespaces, 1 or more. Fix: set it to e.g. 1, or unset it.`,
    );
  }
  return {
    stackName: env.BYOK_STACK_NAME ?? "byok-eventhubs",
    location: env.BYOK_LOCATION ?? "westeurope",
    prefix: env.BYOK_PREFIX ?? "contoso",
    deployerIps: list(env.BYOK_DEPLOYER_IPS, []),
    clusterCapacity,
    eventHubs: list(env.BYOK_EVENT_HUBS, ["orders", "payments"]),
    namespaceCount,
  };
}
