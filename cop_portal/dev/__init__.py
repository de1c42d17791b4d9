"""Development tools, apart from the runtime code: demo data for the benchmark and for
trying the portal, and the demo accounts. Never imported by the portal itself."""
