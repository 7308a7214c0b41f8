"""Join tokens as HS256 JWTs (PyJWT), with the signing key named in the header's kid."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import jwt

from roomcast.core.errors import TokenProblem, TokenRejected

ALGORITHM = "HS256"


class JwtTokenCodec:
    def encode(self, claims: Mapping[str, Any], key_id: str, secret: str) -> str:
        return jwt.encode(dict(claims), secret, algorithm=ALGORITHM, headers={"kid": key_id})

    def unverified_key_id(self, token: str) -> str:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise TokenRejected(TokenProblem.MALFORMED, "the join token is not a JWT") from exc
        kid = header.get("kid")
        if not isinstance(kid, str):
            raise TokenRejected(TokenProblem.MALFORMED, "the join token names no key")
        return kid

    def peek(self, token: str) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
        try:
            header = jwt.get_unverified_header(token)
            claims = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError as exc:
            raise TokenRejected(TokenProblem.MALFORMED, "the token is not a JWT") from exc
        return header, claims

    def decode(self, token: str, secret: str) -> Mapping[str, Any]:
        # Expiry is the domain's rule, judged against its clock, so PyJWT skips it here.
        try:
            return jwt.decode(
                token,
                secret,
                algorithms=[ALGORITHM],
                options={"verify_exp": False, "require": ["jti", "exp"]},
            )
        except jwt.InvalidSignatureError as exc:
            raise TokenRejected(TokenProblem.FOREIGN, "the join token's signature is bad") from exc
        except jwt.PyJWTError as exc:
            raise TokenRejected(TokenProblem.MALFORMED, "the join token is malformed") from exc
