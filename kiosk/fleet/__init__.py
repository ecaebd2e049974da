"""Many kiosks, one content source: pack manifests, the content versions each kiosk keeps, the
follower that applies a new version only when it has arrived whole and validates, and rollback.

`manifest` and `versions` know no Qt (they run in `main.py pack` / `main.py rollback` and in a
worker thread); `follower` is the Qt side that watches the source folder in a running exhibit.
"""
