"""Content packs: YAML in, a plain-Python model out. Imports no Qt, so it runs headless."""
