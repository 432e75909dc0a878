import { cmkLogEntries, keyErrorAlertQuery, kqlString } from "../src";

describe("kqlString", () => {
  test("quotes a value and escapes backslashes and double quotes", () => {
    expect(kqlString('a "b" \\c')).toBe('"a \\"b\\" \\\\c"');
  });
});

describe("cmkLogEntries", () => {
  const query = cmkLogEntries("/subscriptions/0/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/evhns");

  test("starts from an empty datatable with the normalized columns, so it validates on an empty workspace", () => {
    expect(query.split("\n").slice(0, 2)).toEqual([
      "union isfuzzy=true",
      "    (datatable(TimeGenerated: datetime, NamespaceId: string, KeyVault: string, Key: string, KeyVersion: string, Operation: string, Level: string, StatusCode: string, Message: string)[]),",
    ]);
  });

  test("reads the resource-specific table and the AzureDiagnostics fields, and keeps one namespace", () => {
    expect(query).toContain("(AZMSCustomerManagedKeyUserLogs\n");
    expect(query).toContain('Key = tostring(column_ifexists("key_s", ""))');
    expect(query).toContain('Level = tolower(coalesce(tostring(column_ifexists("category_s", ""))');
    expect(
      query.endsWith(
        '| where NamespaceId =~ "/subscriptions/0/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/evhns"',
      ),
    ).toBe(true);
  });
});

describe("keyErrorAlertQuery", () => {
  test("filters errors by code without a message condition when the family is alone with its code", () => {
    const query = keyErrorAlertQuery("key-or-vault-gone", "id");
    expect(query).toContain('| where Level == "error"\n| where StatusCode == "404"\n| project');
  });

  test("never lets a 403 message fall through every 403 family", () => {
    const messages = ["Forbidden", "Operation wrapKey is not allowed on an expired key", "ForbiddenByFirewall"];
    const families = ["access-revoked", "key-not-active", "vault-firewall"] as const;
    const conditions = families.map(
      (f) =>
        keyErrorAlertQuery(f, "id")
          .split("\n")
          .find((l) => l.includes("Message contains")) ?? "",
    );
    for (const message of messages) {
      const taken = conditions.map((condition) => {
        const fragments = [...condition.matchAll(/Message contains "([^"]+)"/g)].map((m) => m[1]);
        const named = fragments.some((f) => message.toLowerCase().includes(f));
        return condition.includes("where not(") ? !named : named;
      });
      expect(taken.filter(Boolean)).toHaveLength(1);
    }
  });
});
