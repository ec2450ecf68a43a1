import type { AliasTable } from '../../tool/aliases.js';
import type { AnyTool } from '../../tool/define-tool.js';
import { createExperiment } from './create-experiment.js';
import { deleteExperiment } from './delete-experiment.js';
import { getExperimentConfig } from './get-experiment-config.js';
import { getExperiment } from './get-experiment.js';
import { listExperiments } from './list-experiments.js';
import { updateExperiment } from './update-experiment.js';

/** A/B experiments with live results and the tracker.js config. */
export const experimentTools: readonly AnyTool[] = [
  createExperiment, getExperimentConfig, listExperiments, getExperiment, updateExperiment, deleteExperiment,
];

const AA = 'agent-analytics' as const;

export const experimentAliases: AliasTable = {
  rest: [
    { tool: 'get_experiment_config', method: 'GET', path: '/experiments/config', auth: AA },
    { tool: 'create_experiment', method: 'POST', path: '/experiments', auth: AA, status: 201 },
    { tool: 'list_experiments', method: 'GET', path: '/experiments', auth: AA },
    { tool: 'get_experiment', method: 'GET', path: '/experiments/{id}', auth: AA },
    { tool: 'update_experiment', method: 'PATCH', path: '/experiments/{id}', auth: AA },
    { tool: 'delete_experiment', method: 'DELETE', path: '/experiments/{id}', auth: AA },
  ],
  cli: [
    { tool: 'create_experiment', command: 'experiment-create', positionals: [{ json: true }] },
    { tool: 'get_experiment_config', command: 'experiment-config', positionals: [{ field: 'project' }] },
    { tool: 'list_experiments', command: 'experiments', positionals: [{ field: 'project', required: true }] },
    { tool: 'get_experiment', command: 'experiment', positionals: [{ field: 'id', required: true }] },
    { tool: 'update_experiment', command: 'experiment-update', positionals: [{ field: 'id', required: true }, { field: 'status', required: true }, { json: true }] },
    { tool: 'delete_experiment', command: 'experiment-delete', positionals: [{ field: 'id', required: true }] },
  ],
};
