// A test file that fails to load: vitest runs none of its tests.
import "./no-such-module.js";
import { test } from "vitest";

test("never collected", () => {});
