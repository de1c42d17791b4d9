"""Kept for the migrations that import it (`cop_portal.models`); the code is in
`cop_portal.core.models`."""

from cop_portal.core.models import *  # noqa: F403
