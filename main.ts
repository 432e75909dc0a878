import { App } from "cdktf";
import { ByokExampleStack } from "./app/example-stack";
import { settingsFromEnv } from "./app/settings";

const app = new App();
new ByokExampleStack(app, settingsFromEnv());
app.synth();
