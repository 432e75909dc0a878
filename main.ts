import { App } from "cdktf";
import { ByokExampleStack } from "./app/example-stack";
import { settingsFromEnv } from "./app/settings";

/**
 * Synthesizes the landing zone that BYOK_CONFIG names, or else the example from the BYOK_*
 * variables. The config loader (YAML and schema parsing) is loaded only when a file is given,
 * so the default synth does not pay for it.
 */
async function synthesize(): Promise<void> {
  const app = new App();
  const configPath = process.env.BYOK_CONFIG;
  if (configPath !== undefined && configPath !== "") {
    const { LandingZoneConfigError, loadLandingZoneConfig } = await import("./app/config");
    const { LandingZoneStack } = await import("./app/landing-zone-stack");
    try {
      new LandingZoneStack(app, loadLandingZoneConfig(configPath));
    } catch (error) {
      // A mistake in the file is the user's to fix: show the problems, not a stack trace.
      if (!(error instanceof LandingZoneConfigError)) throw error;
      console.error(error.message);
      process.exit(1);
    }
  } else {
    new ByokExampleStack(app, settingsFromEnv());
  }
  app.synth();
}

synthesize().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
