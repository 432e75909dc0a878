import { settingsFromEnv } from "../../app/settings";

describe("settingsFromEnv", () => {
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
