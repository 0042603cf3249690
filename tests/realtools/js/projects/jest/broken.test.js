// A test file that fails to load: jest runs none of its tests and reports the file as a
// suite that failed to run (numRuntimeErrorTestSuites).
require("./no-such-module");

test("never collected", () => {});
