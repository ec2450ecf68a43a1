export {
  matchesToolFilter,
  remoteToolClient,
  toolClientFrom,
  type EngineLike,
  type RemoteToolClientOptions,
  type ToolCallResult,
  type ToolClient,
  type ToolError,
  type ToolErrorJSON,
  type ToolFilter,
  type ToolSource,
} from './tool-client.js';
export { HeadlessAnalyticsError } from '../errors.js';
export type { ToolDescriptor, ToolsetDescriptor } from '../catalog-types.js';
