import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';

export const signingKeyOutput = z.object({
  keyId: z.string().describe('RFC 7638 JWK thumbprint (SHA-256, base64url) of the public key; receipts, attestations and proof packets name it.'),
  algorithm: z.literal('Ed25519'),
  publicKeyPem: z.string().describe('The public key as PEM (SPKI), e.g. for `openssl pkeyutl -verify -pubin -inkey`.'),
  publicKeyJwk: z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string(), kid: z.string() }).describe('The public key as a JWK (RFC 8037).'),
  createdAt: z.number().int().describe('When the key was created (epoch ms).'),
});

export const getSigningKey = defineTool({
  name: 'get_signing_key',
  title: 'Get the workspace signing key',
  description:
    "The workspace's Ed25519 public key, which signs attestations, enforcement receipts and proof packets: use it to " +
    'verify them offline (a proof packet also carries it). The key is created on first use; its private half never ' +
    'leaves the server (stored sealed).',
  toolset: 'account',
  input: z.object({}),
  output: signingKeyOutput,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  examples: [{}],
  async handler(_input, ctx) {
    return ctx.services.signing.key(ctx.principal.workspaceId);
  },
});
