"""A museum exhibit kiosk: a folder of YAML becomes a full-screen, touch-driven exhibit."""

__version__ = "0.1.0"
