import type { AliasTable } from '../../tool/aliases.js';
import type { AnyTool } from '../../tool/define-tool.js';
import { createProject } from './create-project.js';
import { deleteProject } from './delete-project.js';
import { getProject } from './get-project.js';
import { listProjects } from './list-projects.js';
import { updateProject } from './update-project.js';

/** Projects: businesses of the workspace with a public, write-only token for browser tracking. */
export const projectTools: readonly AnyTool[] = [createProject, listProjects, getProject, updateProject, deleteProject];

const AA = 'agent-analytics' as const;

export const projectAliases: AliasTable = {
  rest: [
    { tool: 'list_projects', method: 'GET', path: '/projects', auth: AA },
    { tool: 'create_project', method: 'POST', path: '/projects', auth: AA, status: (output) => ((output as { existing: boolean }).existing ? 200 : 201) },
    { tool: 'get_project', method: 'GET', path: '/projects/{id}', auth: AA },
    { tool: 'update_project', method: 'PATCH', path: '/projects/{id}', auth: AA },
    { tool: 'delete_project', method: 'DELETE', path: '/projects/{id}', auth: AA },
  ],
  cli: [
    { tool: 'list_projects', command: 'projects', positionals: [] },
    { tool: 'create_project', command: 'project-create', positionals: [{ field: 'name', required: true }, { json: true }] },
    { tool: 'get_project', command: 'project', positionals: [{ field: 'id', required: true }] },
    { tool: 'update_project', command: 'project-update', positionals: [{ field: 'id', required: true }, { json: true }] },
    { tool: 'delete_project', command: 'project-delete', positionals: [{ field: 'id', required: true }] },
  ],
};
