import { App } from "cdktf";
import { ByokExampleStack } from "./app/example-stack";
import { settingsFromEnv } from "./app/settings";
import { ByokValidationError } from "./src";

/** Errors that describe a mistake in the user's settings: shown as their message, without a stack trace. */
function isUsersMistake(error: unknown): error is Error {
  return (
    error instanceof ByokValidationError ||
    (error instanceof Error &&
      (error.name === "LandingZoneConfigError" ||
        error.message.startsWith("Validation failed with the following errors")))
  );
}

/**
 * Synthesizes the landing zone that BYOK_CONFIG names, or else the example from the BYOK_*
 * variables. The config loader (YAML and schema parsing) is loaded only when a file is given,
 * so the default synth does not pay for it.
 */
async function synthesize(): Promise<void> {
  const app = new App();
  const configPath = process.env.BYOK_CONFIG;
  if (configPath !== undefined && configPath !== "") {
    const { loadLandingZoneConfig } = await import("./app/config");
    const { LandingZoneStack } = await import("./app/landing-zone-stack");
    new LandingZoneStack(app, loadLandingZoneConfig(configPath));
  } else {
    new ByokExampleStack(app, settingsFromEnv());
  }
  app.synth();
}

synthesize().catch((error: unknown) => {
  // A mistake in the settings or the config file is the user's to fix: show the problems, not a stack trace.
  console.error(isUsersMistake(error) ? error.message : error);
  process.exit(1);
});
