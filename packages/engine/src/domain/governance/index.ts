import { GOVERNANCE_MIGRATIONS } from '../../store/libsql/governance-migrations.js';
import { libsqlGovernanceRepo } from '../../store/libsql/governance.js';
import { governanceAliases, governanceTools } from '../../tools/governance/index.js';
import { defineDomain } from '../define-domain.js';
import { GovernanceService } from './governance-service.js';

export { GovernanceService } from './governance-service.js';

declare module '../../services.js' {
  interface Services {
    /** DecisionObjects, AuthorityGrants, ContextContracts, enforcement and its hash-chained receipts. */
    governance: GovernanceService;
  }
}

export const governanceDomain = defineDomain({
  id: 'governance',
  toolsets: [
    {
      name: 'governance',
      default: false,
      description: 'Governed actions: DecisionObjects, AuthorityGrants with caps, ContextContracts, enforce (allow/deny/escrow/needs approval), approvals, hash-chained receipts.',
    },
  ],
  tools: governanceTools,
  aliases: governanceAliases,
  migrations: GOVERNANCE_MIGRATIONS,
  services: ({ store, clock, services }) => new GovernanceService(libsqlGovernanceRepo(store), services.signing, clock),
});
