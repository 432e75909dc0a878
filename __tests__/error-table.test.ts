import {
  ALERTED_FAMILIES,
  describeFamily,
  infoEventFor,
  isKnownCode,
  KEY_ERROR_TABLE,
  KEY_FAILURE_FAMILIES,
  KeyErrorId,
  matchKeyError,
  rowsOfFamily,
} from "../src";

/** A message Key Vault or Event Hubs writes for each row, as found in real entries. */
const SAMPLE_MESSAGES: Record<KeyErrorId, string> = {
  "wrap-permission-removed":
    "The user, group or application 'appid=0000;oid=1111' does not have keys unwrapKey permission on key vault 'kv-contoso-byok'",
  "role-membership-removed":
    "Caller is not authorized to perform action on resource. Action: 'Microsoft.KeyVault/vaults/keys/unwrap/action' (ForbiddenByRbac)",
  "key-deleted": "Key not found: cmk/0123456789abcdef",
  "vault-deleted": "Vault not found: kv-contoso-byok",
  "key-expired": "Operation unwrapKey is not allowed on an expired key",
  "key-not-yet-active": "Operation unwrapKey is not allowed on a key that is not yet valid",
  "vault-firewall": "Client address is not authorized and caller is not a trusted service (ForbiddenByFirewall)",
  "vault-moved-tenant": "The vault belongs to another tenant: AKV10032 Invalid issuer",
  "transient-outage": "The request to the managed identity endpoint timed out",
};

describe("KEY_ERROR_TABLE", () => {
  test("holds the nine actions of the documented error table, each once", () => {
    expect(KEY_ERROR_TABLE.map((row) => row.id)).toEqual([
      "wrap-permission-removed",
      "role-membership-removed",
      "key-deleted",
      "vault-deleted",
      "key-expired",
      "key-not-yet-active",
      "vault-firewall",
      "vault-moved-tenant",
      "transient-outage",
    ]);
  });

  test("gives 403 and inaccessible data for removed permissions, removed roles, expired or inactive keys and the firewall", () => {
    const forbidden = KEY_ERROR_TABLE.filter((row) => row.code === "403");
    expect(forbidden.map((row) => row.id)).toEqual([
      "wrap-permission-removed",
      "role-membership-removed",
      "key-expired",
      "key-not-yet-active",
      "vault-firewall",
    ]);
    expect(forbidden.every((row) => row.dataState === "inaccessible")).toBe(true);
  });

  test("gives 404 and inaccessible data for a deleted key, a deleted vault and a vault moved to another tenant", () => {
    const notFound = KEY_ERROR_TABLE.filter((row) => row.code === "404");
    expect(notFound.map((row) => row.id)).toEqual(["key-deleted", "vault-deleted", "vault-moved-tenant"]);
    expect(notFound.every((row) => row.dataState === "inaccessible")).toBe(true);
  });

  test("keeps data accessible from the cached key during a transient outage, which logs no code", () => {
    const [outage] = rowsOfFamily("transient-outage");
    expect(outage).toMatchObject({ code: "none", dataState: "accessible" });
  });

  test("gives every row an action, a remediation and lower-case message fragments", () => {
    for (const row of KEY_ERROR_TABLE) {
      expect(row.action.length).toBeGreaterThan(10);
      expect(row.remediation.length).toBeGreaterThan(10);
      expect(row.messageMatches.length).toBeGreaterThan(0);
      for (const fragment of row.messageMatches) expect(fragment).toBe(fragment.toLowerCase());
    }
  });

  test("agrees with its families on code and state", () => {
    for (const row of KEY_ERROR_TABLE) {
      expect(KEY_FAILURE_FAMILIES[row.family].code).toBe(row.code);
      expect(KEY_FAILURE_FAMILIES[row.family].dataState).toBe(row.dataState);
    }
  });

  test("lets exactly one family per code take the messages that name no row", () => {
    for (const code of ["403", "404"] as const) {
      const takers = Object.values(KEY_FAILURE_FAMILIES).filter((f) => f.code === code && f.takesUnmatched);
      expect(takers).toHaveLength(1);
    }
  });

  test("alerts on the four families that leave data inaccessible", () => {
    expect(ALERTED_FAMILIES).toEqual(["access-revoked", "key-or-vault-gone", "key-not-active", "vault-firewall"]);
    for (const family of ALERTED_FAMILIES) expect(KEY_FAILURE_FAMILIES[family].dataState).toBe("inaccessible");
  });
});

describe("matchKeyError", () => {
  test.each(Object.entries(SAMPLE_MESSAGES))(
    "finds row %s from its code and message, and no other row",
    (id, message) => {
      const row = KEY_ERROR_TABLE.find((r) => r.id === id);
      const code = row?.code === "none" ? "" : (row?.code ?? "");
      expect(matchKeyError(code, message)).toEqual({ kind: "row", row });
      const naming = KEY_ERROR_TABLE.filter(
        (r) => r.code === row?.code && r.messageMatches.some((f) => message.toLowerCase().includes(f)),
      );
      expect(naming.map((r) => r.id)).toEqual([id]);
    },
  );

  test("lists every 403 row when a 403 message names none of them", () => {
    const match = matchKeyError("403", "Forbidden");
    expect(match.kind).toBe("code");
    expect(match.kind === "code" && match.candidates.map((r) => r.id)).toEqual([
      "wrap-permission-removed",
      "role-membership-removed",
      "key-expired",
      "key-not-yet-active",
      "vault-firewall",
    ]);
  });

  test("calls an error without a code whose message names no row unrecognized, not a transient outage", () => {
    expect(matchKeyError("", "Something odd happened")).toEqual({ kind: "unrecognized" });
  });

  test("reports a code the table does not know as unknown instead of guessing", () => {
    expect(matchKeyError("500", "Internal server error")).toEqual({ kind: "unknown-code", code: "500" });
    expect(isKnownCode("500")).toBe(false);
    expect(isKnownCode("403")).toBe(true);
    expect(isKnownCode("")).toBe(true);
  });
});

describe("infoEventFor", () => {
  test("reads a disabled key as inaccessible and a restored one as accessible, whatever the case", () => {
    expect(infoEventFor("Disable")?.dataState).toBe("inaccessible");
    expect(infoEventFor("restore")?.dataState).toBe("accessible");
  });

  test("knows no other operation", () => {
    expect(infoEventFor("rotate")).toBeUndefined();
  });
});

describe("describeFamily", () => {
  test("says the data is inaccessible, names every cause of the family and its fix", () => {
    const text = describeFamily("key-or-vault-gone");
    expect(text).toContain("INACCESSIBLE");
    expect(text).toContain("code 404");
    for (const row of rowsOfFamily("key-or-vault-gone")) {
      expect(text).toContain(row.action);
      expect(text).toContain(row.remediation);
    }
  });

  test("says the data is still accessible during a transient outage", () => {
    expect(describeFamily("transient-outage")).toContain("still accessible from the cached data encryption key");
  });
});
