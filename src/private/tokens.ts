import { DefaultTokenResolver, StringConcat, Tokenization } from "cdktf";
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
