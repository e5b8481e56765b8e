import { Testing } from "cdktf";
import { forgetSecrets } from "../../core/redact";

// toHaveResourceWithProperties and friends.
Testing.setupJest();

// Each test is a process of its own as far as secrets go: what one registered (core/redact.ts) is not known to the next.
afterEach(() => forgetSecrets());
