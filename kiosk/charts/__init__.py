"""Power-scenario charts: the pulse model and the chart spec are plain Python; view.py is Qt."""
