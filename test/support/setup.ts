import { quietSdkWarnings } from '../../main/platform/warnings.js';

// The AWS SDK's Node-version notice would drown the test output.
quietSdkWarnings();
