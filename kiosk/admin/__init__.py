"""Technician access: a hidden corner gesture opens a PIN pad, the right PIN an admin panel."""

from kiosk.admin.controller import AdminController
from kiosk.admin.panel import AdminAction

__all__ = ["AdminAction", "AdminController"]
