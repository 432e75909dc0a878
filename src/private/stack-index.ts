import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { Aspects, TerraformResource, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { expressionOf } from "./tokens";

/** What the stack-wide rules need to know about the whole stack, gathered in one walk. */
interface StackIndex {
  /** Diagnostic settings by the expression of the resource they monitor. */
  readonly settingsByTarget: Map<string, MonitorDiagnosticSetting[]>;
  /** How many resources of a type carry a name, by `type/name`. */
  readonly nameCounts: Map<string, number>;
}

const indexes = new WeakMap<TerraformStack, StackIndex>();
const refreshed = new WeakSet<TerraformStack>();

/** Azure resource names are case-insensitive: KV-A and kv-a name one vault. */
const nameKey = (resource: TerraformResource, name: unknown) =>
  `${resource.terraformResourceType}/${String(name).toLowerCase()}`;

function build(stack: TerraformStack): StackIndex {
  const index: StackIndex = { settingsByTarget: new Map(), nameCounts: new Map() };
  for (const node of stack.node.findAll()) {
    if (!(node instanceof TerraformResource)) continue;
    const name = (node as TerraformResource & { nameInput?: unknown }).nameInput;
    if (typeof name === "string")
      index.nameCounts.set(nameKey(node, name), (index.nameCounts.get(nameKey(node, name)) ?? 0) + 1);
    if (node instanceof MonitorDiagnosticSetting) {
      const target = expressionOf(node, node.targetResourceIdInput);
      index.settingsByTarget.set(target, [...(index.settingsByTarget.get(target) ?? []), node]);
    }
  }
  return index;
}

/**
 * The index of `scope`'s stack, built once per synth: validations of many constructs read it
 * instead of each walking the whole stack. An aspect drops it at the start of every synth, so
 * constructs added between two synths are seen.
 */
export function stackIndex(scope: IConstruct): StackIndex {
  const stack = TerraformStack.of(scope);
  const existing = indexes.get(stack);
  if (existing) return existing;
  const index = build(stack);
  indexes.set(stack, index);
  return index;
}

/** Makes sure the stack's index is rebuilt at each synth; call it from every construct that reads the index. */
export function refreshIndexOnSynth(scope: IConstruct): void {
  const stack = TerraformStack.of(scope);
  if (refreshed.has(stack)) return;
  refreshed.add(stack);
  Aspects.of(stack).add({ visit: (node) => node === stack && indexes.delete(stack) });
}

/** How many resources of the same type in the stack carry the same literal `name` as `resource`, ignoring case. */
export function sameNameCount(resource: TerraformResource & { readonly nameInput?: string }): number {
  return stackIndex(resource).nameCounts.get(nameKey(resource, resource.nameInput)) ?? 0;
}

/** Every diagnostic setting in the stack that monitors the same resource as `setting`. */
export function settingsOnSameTarget(setting: MonitorDiagnosticSetting): MonitorDiagnosticSetting[] {
  return stackIndex(setting).settingsByTarget.get(expressionOf(setting, setting.targetResourceIdInput)) ?? [];
}

/** How many resources of `type` in the stack carry `name`, ignoring case. */
export function nameCount(scope: IConstruct, type: string, name: string): number {
  return stackIndex(scope).nameCounts.get(`${type}/${name.toLowerCase()}`) ?? 0;
}
