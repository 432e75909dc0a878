import { DefaultTokenResolver, StringConcat, TerraformResource, Tokenization } from "cdktf";
import { IConstruct } from "constructs";

/**
 * The Terraform expression a value stands for, as a stable string: a literal stays itself, a
 * token becomes the `${...}` reference it resolves to. Used to compare and name things by what
 * they refer to, independent of construction order.
 */
export function expressionOf(scope: IConstruct, value: unknown): string {
  return JSON.stringify(
    Tokenization.resolve(value, { scope, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) }),
  );
}

/**
 * The attributes a resource synthesizes to, escape hatches included: `addOverride` edits are
 * merged in, so a check on these sees what Terraform will see.
 */
export function synthesizedAttributes(resource: TerraformResource): Record<string, unknown> {
  const rendered = resource.toTerraform() as { resource: Record<string, Record<string, Record<string, unknown>>> };
  const [body] = Object.values(Object.values(rendered.resource)[0]);
  return Tokenization.resolve(body, {
    scope: resource,
    preparing: false,
    resolver: new DefaultTokenResolver(new StringConcat()),
  }) as Record<string, unknown>;
}
