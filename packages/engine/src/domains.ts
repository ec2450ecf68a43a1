import type { AnyDomain } from './domain/define-domain.js';
import { graphDomain } from './domain/graph/index.js';
import { trackablesDomain } from './domain/trackables/index.js';
import { plansDomain } from './domain/plans/index.js';
import { definitionsDomain } from './domain/definitions/index.js';
import { attributionDomain } from './domain/attribution/index.js';
import { operationsDomain } from './domain/operations/index.js';
import { intelligenceDomain } from './domain/intelligence/index.js';
import { signingDomain } from './domain/signing/index.js';
import { governanceDomain } from './domain/governance/index.js';
import { proofsDomain } from './domain/proofs/index.js';
import { exportsDomain } from './domain/exports/index.js';
import { connectorsDomain } from './domain/connectors/index.js';
import { graphqlDomain } from './domain/graphql/index.js';

/**
 * Every domain beyond the core, in registration order: a domain's services may use those of the domains before it.
 * Adding a domain is one entry here (see domain/define-domain.ts).
 */
export const DOMAINS: readonly AnyDomain[] = [graphDomain, plansDomain, trackablesDomain, definitionsDomain, attributionDomain, operationsDomain, intelligenceDomain, signingDomain, governanceDomain, proofsDomain, exportsDomain, connectorsDomain, graphqlDomain];
