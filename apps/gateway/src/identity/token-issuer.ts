import { Inject, Injectable } from '@nestjs/common';
import { signAccessToken, type AccessClaimsInput } from '#anlao/auth';
import { CONFIG, type ServiceConfig } from '#anlao/platform';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config.js';

export interface IssuedAccessToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

@Injectable()
export class TokenIssuer {
  constructor(
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(GATEWAY_CONFIG) private readonly gateway: GatewayConfig,
  ) {}

  access(claims: AccessClaimsInput, ttlSeconds: number): IssuedAccessToken {
    const { token } = signAccessToken(claims, {
      privateKey: this.gateway.AUTH_PRIVATE_KEY,
      issuer: this.config.AUTH_ISSUER,
      audience: this.config.AUTH_AUDIENCE,
      ttlSeconds,
    });
    return { accessToken: token, tokenType: 'Bearer', expiresIn: ttlSeconds };
  }
}
