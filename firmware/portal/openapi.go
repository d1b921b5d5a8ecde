package portal

import _ "embed"

// OpenAPI is the contract v1 in OpenAPI 3.0 form (openapi.yaml), for
// adapters' authors and for the simulator to serve.
//
//go:embed openapi.yaml
var OpenAPI []byte
