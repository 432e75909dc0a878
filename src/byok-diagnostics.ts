import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { CmkNamespace } from "./cmk-namespace";
import { expressionOf } from "./private/tokens";
import { markLogged } from "./private/log-coverage";
import { RULES } from "./rules";
import { RuleChecker } from "./validation";

/** The Event Hubs log category that records every use of the customer-managed key. */
export const CMK_LOG_CATEGORY = "CustomerManagedKeyUserLogs";

/** The Key Vault log category that records every request to the vault. */
export const VAULT_AUDIT_CATEGORY = "AuditEvent";

/** Which Log Analytics tables logs land in: resource-specific (`Dedicated`) or the shared AzureDiagnostics table. */
export type LogAnalyticsDestinationType = "Dedicated" | "AzureDiagnostics";

/** An event hub as a log destination. */
export interface DiagnosticsEventHubDestination {
  /** Id of a namespace-level authorization rule with Manage, Send and Listen. */
  readonly authorizationRuleId: string;
  /**
   * Event hub to write to.
   * @default - an event hub per log category, created by Azure Monitor
   */
  readonly name?: string;
}

/** A vault whose audit logs are streamed too. {@link KeyVaultWithProtection} is one. */
export interface DiagnosticsKeyVault {
  /** Azure resource id of the vault. */
  readonly keyVaultId: string;
}

/** Props of {@link ByokDiagnostics}. */
export interface ByokDiagnosticsProps {
  /** The namespace whose key usage is logged. */
  readonly namespace: CmkNamespace;
  /**
   * Name of the diagnostic settings, 1-260 characters, none of `< > * % & : \ ? + /`.
   * @default "byok-diagnostics"
   */
  readonly name?: string;
  /**
   * Log Analytics workspace to send logs to.
   * @default - no workspace; set at least one destination
   */
  readonly logAnalyticsWorkspaceId?: string;
  /**
   * Table layout in the workspace. Only with a workspace.
   * @default - "Dedicated" when a workspace is set
   */
  readonly logAnalyticsDestinationType?: LogAnalyticsDestinationType;
  /**
   * Storage account to archive logs to, in the namespace's region.
   * @default - no storage account
   */
  readonly storageAccountId?: string;
  /**
   * Event hub to stream logs to, in the namespace's region.
   * @default - no event hub
   */
  readonly eventHub?: DiagnosticsEventHubDestination;
  /**
   * A vault whose AuditEvent logs go to the same destinations.
   * @default - vault logs are not configured
   */
  readonly keyVault?: DiagnosticsKeyVault;
}

/**
 * Streams the namespace's customer-managed-key logs (and optionally the vault's audit logs)
 * to Log Analytics, a storage account or an event hub.
 *
 * These logs are how an operator learns that a namespace lost access to its key.
 */
export class ByokDiagnostics extends Construct {
  /** The diagnostic setting on the namespace. */
  public readonly namespaceSetting: MonitorDiagnosticSetting;
  /** The diagnostic setting on the vault, when `keyVault` is given. */
  public readonly keyVaultSetting?: MonitorDiagnosticSetting;
  /** Every diagnostic setting this construct created. */
  public readonly settings: MonitorDiagnosticSetting[];

  constructor(scope: Construct, id: string, props: ByokDiagnosticsProps) {
    super(scope, id);

    const name = props.name ?? "byok-diagnostics";
    const hasWorkspace = props.logAnalyticsWorkspaceId !== undefined;
    const destinationType = props.logAnalyticsDestinationType ?? (hasWorkspace ? "Dedicated" : undefined);
    const destinations = [props.logAnalyticsWorkspaceId, props.storageAccountId, props.eventHub].filter(
      (d) => d !== undefined,
    );

    new RuleChecker(this)
      .check(RULES.diagnosticSettingName, name)
      .check(RULES.diagnosticDestination, destinations.length)
      .check(RULES.destinationTypeNeedsWorkspace, { type: props.logAnalyticsDestinationType, hasWorkspace })
      .check(RULES.destinationType, destinationType)
      .check(RULES.namespaceLevelAuthorizationRule, props.eventHub?.authorizationRuleId)
      .throwIfAny();

    const destination = {
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
      logAnalyticsDestinationType: destinationType,
      storageAccountId: props.storageAccountId,
      eventhubAuthorizationRuleId: props.eventHub?.authorizationRuleId,
      eventhubName: props.eventHub?.name,
    };

    this.namespaceSetting = new MonitorDiagnosticSetting(this, "namespace", {
      name,
      targetResourceId: props.namespace.namespaceId,
      enabledLog: [{ category: CMK_LOG_CATEGORY }],
      ...destination,
    });
    this.settings = [this.namespaceSetting];
    markLogged(props.namespace);

    if (props.keyVault) {
      this.keyVaultSetting = new MonitorDiagnosticSetting(this, "key-vault", {
        name,
        targetResourceId: props.keyVault.keyVaultId,
        enabledLog: [{ category: VAULT_AUDIT_CATEGORY }],
        ...destination,
      });
      this.settings.push(this.keyVaultSetting);
      markLogged(props.keyVault);
    }

    this.node.addValidation({ validate: () => this.validateAgainstStack(name) });
  }

  /** Diagnostic settings share one name space per monitored resource, across every construct in the stack. */
  private validateAgainstStack(name: string): string[] {
    const target = (s: MonitorDiagnosticSetting) => expressionOf(this, s.targetResourceIdInput);
    const all = TerraformStack.of(this)
      .node.findAll()
      .filter((c): c is MonitorDiagnosticSetting => c instanceof MonitorDiagnosticSetting);
    const checker = new RuleChecker(this);
    for (const mine of this.settings) {
      const onTarget = all.filter((s) => target(s) === target(mine));
      checker
        .check(RULES.diagnosticNameUnique, {
          name,
          sameNameOnTarget: onTarget.filter((s) => s.nameInput === mine.nameInput).length,
        })
        .check(RULES.diagnosticSettingsPerResource, onTarget.length);
    }
    return checker.messages;
  }
}
