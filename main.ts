import { App } from "cdktf";
import { LandingZoneConfigError, loadLandingZoneConfig } from "./app/config";
import { ByokExampleStack } from "./app/example-stack";
import { LandingZoneStack } from "./app/landing-zone-stack";
import { settingsFromEnv } from "./app/settings";

const app = new App();
const configPath = process.env.BYOK_CONFIG;
if (configPath !== undefined && configPath !== "") {
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
