import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { MonitorScheduledQueryRulesAlertV2 } from "@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2";
import { Construct } from "constructs";
import { Duration } from "luxon";
import { keyErrorAlertQuery } from "./cmk-log-query";
import { CmkNamespace } from "./cmk-namespace";
import { ALERTED_FAMILIES, AlertedKeyFailureFamily, describeFamily, KEY_FAILURE_FAMILIES } from "./error-table";
import { markLogged } from "./private/log-coverage";
import { refreshIndexOnSynth, settingsOnSameTarget } from "./private/stack-index";
import { alertRuleSuffix, LIMITS, RULES } from "./rules";
import { RuleChecker } from "./validation";

/** The Event Hubs log category that records every use of the customer-managed key. */
export const CMK_LOG_CATEGORY = "CustomerManagedKeyUserLogs";

/** The Key Vault log category that records every request to the vault. */
export const VAULT_AUDIT_CATEGORY = "AuditEvent";

/** Which Log Analytics tables logs land in: resource-specific (`Dedicated`) or the shared AzureDiagnostics table. */
export type LogAnalyticsDestinationType = "Dedicated" | "AzureDiagnostics";

/** An Event Hubs log category that can be turned on besides CustomerManagedKeyUserLogs. */
export type EventHubsLogCategory = (typeof LIMITS.eventHubsLogCategories)[number];

/** Alert severity: 0 critical, 1 error, 2 warning, 3 informational, 4 verbose. */
export type AlertSeverity = (typeof LIMITS.alertSeverities)[number];

/** How often an alert rule runs its query, as the API accepts it. */
export type AlertEvaluationFrequency = (typeof LIMITS.alertEvaluationFrequencies)[number];

/** How far back an alert rule's query looks, as the API accepts it. */
export type AlertWindowDuration = (typeof LIMITS.alertWindowDurations)[number];

/** Alerts on the errors that make the namespace's data inaccessible, one rule per family of the error table. */
export interface ByokAlertOptions {
  /**
   * Severity of every alert rule.
   * @default 1
   */
  readonly severity?: AlertSeverity;
  /**
   * How often the rules run. Event Hubs polls its keys every 5 minutes, so a failure logs an error at that pace.
   * @default "PT5M"
   */
  readonly evaluationFrequency?: AlertEvaluationFrequency;
  /**
   * How far back each run looks; at least the evaluation frequency. Log entries reach the
   * workspace minutes after they are written, so a window longer than the frequency still sees
   * entries that arrived late; the alert is stateful, so overlapping windows do not alert twice.
   * @default - the shortest allowed window of at least twice the evaluation frequency ("PT10M" for "PT5M")
   */
  readonly windowDuration?: AlertWindowDuration;
  /**
   * Action groups to notify when an alert fires.
   * @default [] - alerts show in Azure Monitor only
   */
  readonly actionGroupIds?: string[];
  /**
   * Resource group of the alert rules.
   * @default - the namespace's resource group
   */
  readonly resourceGroupName?: string;
  /**
   * Region of the alert rules.
   * @default - the namespace's region
   */
  readonly location?: string;
  /**
   * Start of every alert rule name; each rule appends `-byok-<family>`.
   * @default - the namespace name
   */
  readonly namePrefix?: string;
  /**
   * Tags for the alert rules.
   * @default {}
   */
  readonly tags?: { [key: string]: string };
}

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
  /**
   * Event Hubs log categories to send besides CustomerManagedKeyUserLogs, which is always on.
   * @default []
   */
  readonly additionalCategories?: EventHubsLogCategory[];
  /**
   * Alert rules on the workspace, one per family of key errors that makes data inaccessible. Needs `logAnalyticsWorkspaceId`.
   * @default - no alerts
   */
  readonly alerts?: ByokAlertOptions;
}

/**
 * Streams the namespace's customer-managed-key logs (and optionally the vault's audit logs)
 * to Log Analytics, a storage account or an event hub, and alerts when they show that the
 * namespace lost access to its key.
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
  /** The alert rules by family of key errors; empty without `alerts`. */
  public readonly alertRules: Partial<Record<AlertedKeyFailureFamily, MonitorScheduledQueryRulesAlertV2>> = {};

  constructor(scope: Construct, id: string, props: ByokDiagnosticsProps) {
    super(scope, id);

    const name = props.name ?? "byok-diagnostics";
    const hasWorkspace = props.logAnalyticsWorkspaceId !== undefined;
    const destinationType = props.logAnalyticsDestinationType ?? (hasWorkspace ? "Dedicated" : undefined);
    const destinations = [props.logAnalyticsWorkspaceId, props.storageAccountId, props.eventHub].filter(
      (d) => d !== undefined,
    );
    const additionalCategories = props.additionalCategories ?? [];
    const alerts = props.alerts;
    const frequency = alerts ? (alerts.evaluationFrequency ?? "PT5M") : undefined;
    const window = alerts ? (alerts.windowDuration ?? (frequency && defaultWindow(frequency))) : undefined;

    const ids = [
      props.logAnalyticsWorkspaceId,
      props.storageAccountId,
      props.eventHub?.authorizationRuleId,
      props.keyVault?.keyVaultId,
    ];
    const checker = new RuleChecker(this);
    ids.forEach((id) => checker.check(RULES.diagnosticIdNotEmpty, id));
    checker
      .check(RULES.diagnosticSettingName, name)
      .check(RULES.diagnosticDestination, destinations.length)
      .check(RULES.destinationTypeNeedsWorkspace, { type: props.logAnalyticsDestinationType, hasWorkspace })
      .check(RULES.destinationType, destinationType)
      .check(RULES.namespaceLevelAuthorizationRule, props.eventHub?.authorizationRuleId)
      .check(RULES.additionalCategories, additionalCategories)
      .check(RULES.alertsNeedWorkspace, alerts ? { hasWorkspace } : undefined)
      .check(RULES.alertSeverity, alerts?.severity)
      .check(RULES.alertEvaluationFrequency, frequency)
      .check(RULES.alertWindowDuration, alerts?.windowDuration)
      .check(RULES.alertWindowCoversFrequency, window && frequency ? { window, frequency } : undefined)
      .check(RULES.alertNamePrefix, alerts?.namePrefix)
      .check(RULES.alertActionGroupIds, alerts?.actionGroupIds)
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
      enabledLog: [CMK_LOG_CATEGORY, ...additionalCategories].map((category) => ({ category })),
      ...destination,
    });
    this.settings = [this.namespaceSetting];
    markLogged(this, props.namespace.namespaceId);

    if (props.keyVault) {
      this.keyVaultSetting = new MonitorDiagnosticSetting(this, "key-vault", {
        name,
        targetResourceId: props.keyVault.keyVaultId,
        enabledLog: [{ category: VAULT_AUDIT_CATEGORY }],
        ...destination,
      });
      this.settings.push(this.keyVaultSetting);
      markLogged(this, props.keyVault.keyVaultId);
    }

    if (alerts && props.logAnalyticsWorkspaceId !== undefined && frequency && window) {
      const prefix = alerts.namePrefix ?? props.namespace.namespaceName;
      const resourceGroupName = alerts.resourceGroupName ?? props.namespace.namespace.resourceGroupName;
      const location = alerts.location ?? props.namespace.namespace.location;
      for (const family of ALERTED_FAMILIES) {
        this.alertRules[family] = new MonitorScheduledQueryRulesAlertV2(this, `alert-${family}`, {
          name: `${prefix}${alertRuleSuffix(family)}`,
          displayName: `BYOK: ${KEY_FAILURE_FAMILIES[family].title} (${props.namespace.namespaceName})`,
          description: describeFamily(family),
          resourceGroupName,
          location,
          scopes: [props.logAnalyticsWorkspaceId],
          severity: alerts.severity ?? 1,
          evaluationFrequency: frequency,
          windowDuration: window,
          // Stateful: the alert fires once while errors keep arriving at every key poll, and resolves when they stop.
          autoMitigationEnabled: true,
          criteria: [
            {
              query: keyErrorAlertQuery(family, props.namespace.namespaceId),
              timeAggregationMethod: "Count",
              operator: "GreaterThan",
              threshold: 0,
              dimension: [
                { name: "KeyVault", operator: "Include", values: ["*"] },
                { name: "Key", operator: "Include", values: ["*"] },
              ],
              failingPeriods: { minimumFailingPeriodsToTriggerAlert: 1, numberOfEvaluationPeriods: 1 },
            },
          ],
          action: { actionGroups: alerts.actionGroupIds ?? [] },
          tags: alerts.tags,
        });
      }
    }

    refreshIndexOnSynth(this);
    this.node.addValidation({ validate: () => this.validateAgainstStack(name) });
  }

  /** Diagnostic settings share one name space per monitored resource, across every construct in the stack. */
  private validateAgainstStack(name: string): string[] {
    const checker = new RuleChecker(this);
    for (const mine of this.settings) {
      const onTarget = settingsOnSameTarget(mine);
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

/** The shortest window the API takes that spans two evaluation periods, or the longest it takes. */
function defaultWindow(frequency: string): AlertWindowDuration {
  const minutes = (iso: string) => Duration.fromISO(iso).as("minutes");
  const windows = LIMITS.alertWindowDurations;
  return windows.find((w) => minutes(w) >= 2 * minutes(frequency)) ?? windows[windows.length - 1];
}
