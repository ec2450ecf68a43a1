import type { ProofPacket } from '../../domain/proofs/packet.js';

/** A real packet (two evidence items) signed by a fixed example key: the example of verify_proof_trail. */
export const EXAMPLE_PACKET: ProofPacket = {
  "format": "headlessanalytics.proof-packet/v1",
  "id": "prf_example",
  "title": "Campaign scale proof",
  "createdAt": "2026-01-15T12:00:00.000Z",
  "rootHash": "e38adf87967f488b34c63832793f121a959619b98da204939a648cd9d84bd063",
  "treeSize": 2,
  "canonicalization": "RFC 8785",
  "merkleTree": "RFC 9162",
  "publicKey": {
    "keyId": "--6IM5l0OosLj9yWskISYhUA3n_3CURQkmrYMSha_ck",
    "algorithm": "Ed25519",
    "jwk": {
      "kty": "OKP",
      "crv": "Ed25519",
      "x": "6kpsY-KcUgq-9VB7Ey7F-ZVHdq6-vnuSQh7qaRRG0iw",
      "kid": "--6IM5l0OosLj9yWskISYhUA3n_3CURQkmrYMSha_ck"
    },
    "pem": "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA6kpsY+KcUgq+9VB7Ey7F+ZVHdq6+vnuSQh7qaRRG0iw=\n-----END PUBLIC KEY-----\n"
  },
  "envelope": {
    "payloadType": "application/vnd.headlessanalytics.proof+json",
    "payload": "eyJfdHlwZSI6Imh0dHBzOi8vaGVhZGxlc3NhbmFseXRpY3MuZGV2L3Byb29mLXRyYWlsL3YxIiwiY3JlYXRlZEF0IjoiMjAyNi0wMS0xNVQxMjowMDowMC4wMDBaIiwiaGFzaEFsZ29yaXRobSI6InNoYTI1NiIsImtleUlkIjoiLS02SU01bDBPb3NMajl5V3NrSVNZaFVBM25fM0NVUlFrbXJZTVNoYV9jayIsInBhY2tldElkIjoicHJmX2V4YW1wbGUiLCJyb290SGFzaCI6ImUzOGFkZjg3OTY3ZjQ4OGIzNGM2MzgzMjc5M2YxMjFhOTU5NjE5Yjk4ZGEyMDQ5MzlhNjQ4Y2Q5ZDg0YmQwNjMiLCJ0aXRsZSI6IkNhbXBhaWduIHNjYWxlIHByb29mIiwidHJlZVNpemUiOjIsIndvcmtzcGFjZUlkIjoid3NfZXhhbXBsZSJ9",
    "signatures": [
      {
        "keyid": "--6IM5l0OosLj9yWskISYhUA3n_3CURQkmrYMSha_ck",
        "sig": "LlwidBrg5protS0kOJH8vEESinuHY+B3gB2Le1AB77noSIZlBw2PsPyeR6824pYrkeVHrr0aNupyYX5pO63zAw=="
      }
    ]
  },
  "items": [
    {
      "index": 0,
      "type": "evidence",
      "ref": "evidence-0",
      "canonical": "{\"data\":{\"campaign\":\"spring-roast\",\"conversions\":42,\"type\":\"attribution_snapshot\"},\"ref\":\"evidence-0\",\"type\":\"evidence\"}",
      "leafHash": "88f5203bb2a930e8e1c1b7acc7c123e2f2e042148ae14c8e56166f575bcffa45",
      "auditPath": [
        "c8c482193d24bc168d2fc85b3ee3205380931489920d334a311bb68d599f7378"
      ]
    },
    {
      "index": 1,
      "type": "evidence",
      "ref": "evidence-1",
      "canonical": "{\"data\":{\"businessId\":\"default\",\"score\":81,\"type\":\"health_score\"},\"ref\":\"evidence-1\",\"type\":\"evidence\"}",
      "leafHash": "c8c482193d24bc168d2fc85b3ee3205380931489920d334a311bb68d599f7378",
      "auditPath": [
        "88f5203bb2a930e8e1c1b7acc7c123e2f2e042148ae14c8e56166f575bcffa45"
      ]
    }
  ]
};
