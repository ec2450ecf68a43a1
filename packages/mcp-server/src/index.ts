export { createMcpServer, SERVER_NAME, type McpServerOptions } from './mcp-server.js';
export { createMcpHttpHandler, type McpHttpHandler, type McpHttpHandlerOptions } from './http-handler.js';
export { apiKeyOf, engineAuthenticator, remoteAuthenticator, type Authenticate } from './authenticators.js';
export { isLoopbackHost, LOOPBACK_HOSTNAMES, rejectedHostOrOrigin, type HostPolicy } from './host-validation.js';
export { errorBody, toCallToolResult, toMcpTool } from './tool-result.js';
export { PACKAGE_VERSION } from './version.js';
export { appHtml, appResourceProvider, appToolMeta, chartAssets, APP_URI_PREFIX, type AppResourceProvider } from './apps.js';
