import { settingsFromEnv } from "../../app/settings";

describe("settingsFromEnv", () => {
  test("gives a complete default deployment when no variable is set", () => {
    expect(settingsFromEnv({})).toEqual({
      stackName: "byok-eventhubs",
      location: "westeurope",
      prefix: "contoso",
      deployerIps: [],
      clusterCapacity: 1,
      eventHubs: ["orders", "payments"],
      namespaceCount: 1,
    });
  });

  test("reads every BYOK_ variable, splitting lists on commas", () => {
    const settings = settingsFromEnv({
      BYOK_STACK_NAME: "prod",
      BYOK_LOCATION: "northeurope",
      BYOK_PREFIX: "fabrikam",
      BYOK_DEPLOYER_IPS: "203.0.113.10, 198.51.100.0/24",
      BYOK_CLUSTER_CAPACITY: "2",
      BYOK_EVENT_HUBS: "a,b,c",
    });
    expect(settings).toEqual({
      stackName: "prod",
      location: "northeurope",
      prefix: "fabrikam",
      deployerIps: ["203.0.113.10", "198.51.100.0/24"],
      clusterCapacity: 2,
      eventHubs: ["a", "b", "c"],
      namespaceCount: 1,
    });
  });

  test("refuses a cluster capacity that is not a whole number", () => {
    expect(() => settingsFromEnv({ BYOK_CLUSTER_CAPACITY: "1.5" })).toThrow(
      'BYOK_CLUSTER_CAPACITY: received "1.5". Allowed: a whole number of capacity units, 1 or more. Fix: set it to e.g. 1.',
    );
  });

  test("defaults to one namespace", () => {
    expect(settingsFromEnv({}).namespaceCount).toBe(1);
  });

  test.each(["1", "10", "100"])("reads a namespace count of %s", (text) => {
    expect(settingsFromEnv({ BYOK_NAMESPACE_COUNT: text }).namespaceCount).toBe(Number(text));
  });

  test.each(["0", "-1", "2.5", "ten", "", " 3"])("rejects a namespace count of %j", (text) => {
    expect(() => settingsFromEnv({ BYOK_NAMESPACE_COUNT: text })).toThrow(
      `BYOK_NAMESPACE_COUNT: received ${JSON.stringify(text)}. Allowed: a whole number of namespaces, 1 or more. Fix: set it to e.g. 1, or unset it.`,
    );
  });
});
