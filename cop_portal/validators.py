"""Kept for the migrations that import it (`cop_portal.validators`); the code is in
`cop_portal.core.validators`."""

from cop_portal.core.validators import *  # noqa: F403
