"""OpenID Connect log-in (mozilla-django-oidc), on when OIDC_RP_CLIENT_ID is set. The identity provider
(Entra ID, KOMBIT's broker …) decides a person's roles through a claim: see pejling.plans.sso."""

import logging

from django.conf import settings
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from pejling.plans.memberships import memberships_sync
from pejling.plans.sso import roles_from_claims

security = logging.getLogger("pejling.security")


class PejlingOIDCBackend(OIDCAuthenticationBackend):
    def _roles(self, claims):
        found = roles_from_claims(claims, claim=settings.PEJLING_OIDC_ROLES_CLAIM)
        for problem in found.problems:
            security.warning("oidc_claim_skipped", extra={"event": "oidc_claim_skipped", "detail": problem})
        return found.roles

    def verify_claims(self, claims):
        """Only people the identity provider gives at least one Pejling role may log in."""
        return super().verify_claims(claims) and bool(self._roles(claims))

    def get_username(self, claims):
        return claims.get(settings.PEJLING_OIDC_USERNAME_CLAIM) or super().get_username(claims)

    def filter_users_by_claims(self, claims):
        username = claims.get(settings.PEJLING_OIDC_USERNAME_CLAIM)
        if username:
            return self.UserModel.objects.filter(username=username)
        return super().filter_users_by_claims(claims)

    def create_user(self, claims):
        user = super().create_user(claims)
        memberships_sync(user=user, wanted=self._roles(claims))
        return user

    def update_user(self, user, claims):
        memberships_sync(user=user, wanted=self._roles(claims))
        return user
