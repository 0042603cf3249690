// A test file that fails to load: node-tap counts it as failed.
import './no-such-module.mjs'
