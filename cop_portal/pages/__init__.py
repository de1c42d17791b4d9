"""The pages that assemble several apps: the landing page, the dashboard, search, the
organisation pages and the knowledge map, the community's home. The top layer: it may
import every app; no app imports it."""
