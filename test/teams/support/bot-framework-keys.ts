import { createSign, generateKeyPairSync } from "node:crypto";
import nock from "nock";

/**
 * Stands in for the Bot Framework's signing keys: serves the OpenID metadata and a JWKS with one
 * key Teams "signs" with, so tokens can be minted that the real validator accepts — or not.
 */
export class BotFrameworkKeys {
  private readonly trusted = generateKeyPairSync("rsa", { modulusLength: 2048 });
  private readonly stranger = generateKeyPairSync("rsa", { modulusLength: 2048 });
  readonly kid = "firebreak-test-key";

  intercept(): void {
    const jwk = this.trusted.publicKey.export({ format: "jwk" });
    nock("https://login.botframework.com")
      .persist()
      .get("/v1/.well-known/openidconfiguration")
      .reply(200, { issuer: "https://api.botframework.com", jwks_uri: "https://login.botframework.com/v1/.well-known/keys", id_token_signing_alg_values_supported: ["RS256"] })
      .get("/v1/.well-known/keys")
      .reply(200, { keys: [{ kty: "RSA", use: "sig", kid: this.kid, n: jwk.n, e: jwk.e, endorsements: ["msteams"] }] });
  }

  /** A token as the Bot Connector sends it; `signedBy: "stranger"` forges the signature. */
  token(claims: { appId: string; serviceUrl: string }, signedBy: "trusted" | "stranger" = "trusted"): string {
    const now = Math.floor(Date.now() / 1000);
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const unsigned = `${part({ alg: "RS256", typ: "JWT", kid: this.kid })}.${part({ iss: "https://api.botframework.com", aud: claims.appId, serviceurl: claims.serviceUrl, nbf: now - 60, exp: now + 3600 })}`;
    const signature = createSign("RSA-SHA256").update(unsigned).sign((signedBy === "trusted" ? this.trusted : this.stranger).privateKey).toString("base64url");
    return `${unsigned}.${signature}`;
  }
}

/**
 * Entra ID as MSAL sees it when the bot asks for its connector token (client credentials):
 * instance discovery, tenant metadata, the token endpoint. Returns the token it hands out.
 */
export function interceptBotToken(tenant: string): string {
  const base = "https://login.microsoftonline.com";
  const token = "bot-connector-token";
  nock(base)
    .persist()
    .get(/\/common\/discovery\/instance.*/)
    .reply(200, {
      tenant_discovery_endpoint: `${base}/${tenant}/v2.0/.well-known/openid-configuration`,
      "api-version": "1.1",
      metadata: [{ preferred_network: "login.microsoftonline.com", preferred_cache: "login.windows.net", aliases: ["login.microsoftonline.com", "login.windows.net"] }],
    })
    .get(`/${tenant}/v2.0/.well-known/openid-configuration`)
    .reply(200, {
      token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
      authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
      issuer: `${base}/${tenant}/v2.0`,
      jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
    })
    .post((path) => path.startsWith(`/${tenant}/oauth2/v2.0/token`))
    .reply(200, { token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: token });
  return token;
}
