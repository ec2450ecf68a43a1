export { createBridgeHandler, type BridgeOptions, type MountedHandler, type RequestListener } from './handler.js';
export { startServer, DEFAULT_HOST, DEFAULT_PORT, type RunningServer, type StartServerOptions } from './server.js';
export { serverSettingsFromEnv, type ServerSettings } from './env.js';
export { buildOpenApiDocument, type OpenApiDocument, type OpenApiOptions } from './openapi.js';
export { RestRouter, type AuthMode, type RouteMatch } from './router.js';
export { coerceField, coerceQuery } from './coerce-query.js';
export { CorsPolicy } from './cors.js';
export { DEFAULT_BODY_LIMIT_BYTES } from './http-io.js';
export { createMcpMount, MCP_PATH, type McpMountOptions } from './mcp-mount.js';
