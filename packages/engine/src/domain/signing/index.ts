import { SIGNING_MIGRATIONS } from '../../store/libsql/signing-migrations.js';
import { libsqlSigningRepo } from '../../store/libsql/signing.js';
import { signingAliases, signingTools } from '../../tools/signing/index.js';
import { defineDomain } from '../define-domain.js';
import { SigningService } from './signing-service.js';

export { Sealer, sealingKeyFromSecret } from './sealer.js';
export { jwkThumbprint, verifySignature, type WorkspaceSigningKey } from './signing.js';
export { SigningService } from './signing-service.js';

declare module '../../services.js' {
  interface Services {
    /** The workspace's Ed25519 signing key (attestations, receipts, proof packets) and the sealing of secrets at rest. */
    signing: SigningService;
  }
}

export const signingDomain = defineDomain({
  id: 'signing',
  toolsets: [],
  tools: signingTools,
  aliases: signingAliases,
  migrations: SIGNING_MIGRATIONS,
  services: ({ store, clock, options, logger }) => new SigningService(libsqlSigningRepo(store, clock), clock, options.secretKey, logger),
});
