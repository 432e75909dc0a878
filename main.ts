import { App } from "cdktf";
import { loadLandingZoneConfig } from "./app/config";
import { ByokExampleStack } from "./app/example-stack";
import { LandingZoneStack } from "./app/landing-zone-stack";
import { settingsFromEnv } from "./app/settings";

const app = new App();
const configPath = process.env.BYOK_CONFIG;
if (configPath !== undefined && configPath !== "") {
  new LandingZoneStack(app, loadLandingZoneConfig(configPath));
} else {
  new ByokExampleStack(app, settingsFromEnv());
}
app.synth();
