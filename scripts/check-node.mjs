// Stops npm start / npm test early, with a clear message, when not running on Node >= 22.12.
// The project brings Node 22 as a devDependency: `npm install` (without --ignore-scripts) provides it.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `Warden needs Node >= 22.12 (this is ${process.versions.node}).\n` +
      "Run `npm install` (not --ignore-scripts): it installs Node 22 into node_modules, and npm scripts use it.",
  );
  process.exit(1);
}
