import { Testing } from "cdktf";

// toHaveResourceWithProperties and friends.
Testing.setupJest();
